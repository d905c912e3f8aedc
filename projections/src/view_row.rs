//! The load → fold → upsert shape of the column-table projectors, written once.
//!
//! A batch of a view loads the rows its events touch, folds the events into them in memory, in
//! log order, and writes them back with one multi-row statement. A row type lists its stored
//! columns once, in [`ViewRow::columns`]; the load, the `insert … select … from unnest(…)` and
//! its `on conflict (key) do update` are derived from that list. Adding a view column is then
//! the migration, the field and one line in `columns` (plus wherever the fold sets it).

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::{Arguments, Encode, FromRow, PgConnection, Postgres, Type, TypeInfo};

/// A row of a view table that a projector loads, folds and writes back.
pub(crate) trait ViewRow: for<'r> FromRow<'r, PgRow> + Send + Unpin + Sized {
    /// The table (unqualified: a rebuild points `search_path` at a shadow schema).
    const TABLE: &'static str;

    /// The primary key.
    type Key: Eq + Hash + Clone;

    /// This row's key.
    fn key(&self) -> Self::Key;

    /// The primary key's columns, from a key (the conflict target, and what loads join on).
    fn key_columns(c: &mut Columns<'_, Self::Key>);

    /// Every stored column, each once, from a row (keys included).
    fn columns(c: &mut Columns<'_, Self>);
}

/// The column arrays of a multi-row statement: one `unnest` parameter per column, built from a
/// slice of rows (or keys).
pub(crate) struct Columns<'a, T> {
    items: &'a [T],
    names: Vec<&'static str>,
    /// `$n::TYPE[]` per column.
    params: Vec<String>,
    /// What each column's value is computed from `t.<name>`.
    values: Vec<String>,
    args: PgArguments,
    error: Option<sqlx::Error>,
}

impl<'a, T> Columns<'a, T> {
    fn new(items: &'a [T]) -> Self {
        Self {
            items,
            names: Vec::new(),
            params: Vec::new(),
            values: Vec::new(),
            args: PgArguments::default(),
            error: None,
        }
    }

    /// A column sent as an array of `value(item)`, typed as sqlx types `V`.
    pub(crate) fn col<V>(&mut self, name: &'static str, value: impl Fn(&T) -> V) -> &mut Self
    where
        Vec<V>: for<'q> Encode<'q, Postgres> + Type<Postgres> + Send + 'static,
    {
        let array = <Vec<V> as Type<Postgres>>::type_info();
        let values: Vec<V> = self.items.iter().map(value).collect();
        self.push(name, array.name(), format!("t.{name}"), values)
    }

    /// A list column (`text[]`, `uuid[]`, nullable or not) of `element`s: arrays of arrays
    /// cannot be unnested, so each list travels as jsonb and becomes an array again in SQL.
    pub(crate) fn list<V>(
        &mut self,
        name: &'static str,
        element: &'static str,
        value: impl Fn(&T) -> V,
    ) -> &mut Self
    where
        V: Serialize,
    {
        let mut values: Vec<Option<serde_json::Value>> = Vec::with_capacity(self.items.len());
        for item in self.items {
            match serde_json::to_value(value(item)) {
                Ok(serde_json::Value::Null) => values.push(None),
                Ok(list) => values.push(Some(list)),
                Err(error) => {
                    self.error
                        .get_or_insert(sqlx::Error::Encode(Box::new(error)));
                    values.push(None);
                }
            }
        }
        let value = format!(
            "case when t.{name} is null then null
                  else array(select jsonb_array_elements_text(t.{name})::{element}) end"
        );
        let array = <Vec<Option<serde_json::Value>> as Type<Postgres>>::type_info();
        self.push(name, array.name(), value, values)
    }

    fn push<V>(&mut self, name: &'static str, array: &str, value: String, values: V) -> &mut Self
    where
        V: for<'q> Encode<'q, Postgres> + Type<Postgres> + Send + 'static,
    {
        if let Err(error) = Arguments::add(&mut self.args, values) {
            self.error.get_or_insert(sqlx::Error::Encode(error));
        }
        self.names.push(name);
        self.params.push(format!("${}::{array}", self.names.len()));
        self.values.push(value);
        self
    }

    /// `unnest($1::A[], $2::B[], …) as t (a, b, …)`.
    fn unnest(&self) -> String {
        format!(
            "unnest({}) as t ({})",
            self.params.join(", "),
            self.names.join(", ")
        )
    }

    fn finish(self) -> Result<PgArguments, sqlx::Error> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(self.args),
        }
    }
}

/// The key column names of `R`.
fn key_names<R: ViewRow>() -> Vec<&'static str> {
    let mut key = Columns::<R::Key>::new(&[]);
    R::key_columns(&mut key);
    key.names
}

/// The rows of `R` with these keys (the ones that exist), by key.
pub(crate) async fn load_rows<R: ViewRow>(
    tx: &mut PgConnection,
    keys: impl IntoIterator<Item = R::Key>,
) -> Result<HashMap<R::Key, R>, sqlx::Error> {
    let mut seen = HashSet::new();
    let keys: Vec<R::Key> = keys
        .into_iter()
        .filter(|k| seen.insert(k.clone()))
        .collect();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let mut c = Columns::new(&keys);
    R::key_columns(&mut c);
    let on = |alias: &str| {
        let columns: Vec<String> = c.names.iter().map(|n| format!("{alias}.{n}")).collect();
        columns.join(", ")
    };
    let sql = format!(
        "select v.* from {table} v join {unnest} on ({v}) = ({t})",
        table = R::TABLE,
        unnest = c.unnest(),
        v = on("v"),
        t = on("t"),
    );
    let args = c.finish()?;
    let rows: Vec<R> = sqlx::query_as_with(&sql, args).fetch_all(&mut *tx).await?;
    Ok(rows.into_iter().map(|row| (row.key(), row)).collect())
}

/// Writes rows back with one multi-row upsert: new keys are inserted, existing ones get every
/// non-key column replaced.
pub(crate) async fn upsert_rows<R: ViewRow>(
    tx: &mut PgConnection,
    rows: impl IntoIterator<Item = R>,
) -> Result<(), sqlx::Error> {
    let rows: Vec<R> = rows.into_iter().collect();
    if rows.is_empty() {
        return Ok(());
    }
    let key = key_names::<R>();
    let mut c = Columns::new(&rows);
    R::columns(&mut c);
    let updates: Vec<String> = c
        .names
        .iter()
        .filter(|name| !key.contains(name))
        .map(|name| format!("{name} = excluded.{name}"))
        .collect();
    let on_conflict = if updates.is_empty() {
        "do nothing".to_owned()
    } else {
        format!("do update set {}", updates.join(", "))
    };
    let sql = format!(
        "insert into {table} ({names}) select {values} from {unnest}
         on conflict ({key}) {on_conflict}",
        table = R::TABLE,
        names = c.names.join(", "),
        values = c.values.join(", "),
        unnest = c.unnest(),
        key = key.join(", "),
    );
    let args = c.finish()?;
    sqlx::query_with(&sql, args).execute(&mut *tx).await?;
    Ok(())
}

/// The whole shape for a view of one row per stream: loads the rows of the streams `events`
/// touch, applies `fold` to each event in log order and writes the rows back.
pub(crate) async fn fold_rows<R, E>(
    tx: &mut PgConnection,
    events: Vec<(R::Key, E, DateTime<Utc>)>,
    mut fold: impl FnMut(&mut HashMap<R::Key, R>, R::Key, E, DateTime<Utc>),
) -> Result<(), sqlx::Error>
where
    R: ViewRow,
{
    if events.is_empty() {
        return Ok(());
    }
    let mut rows = load_rows::<R>(tx, events.iter().map(|(key, ..)| key.clone())).await?;
    for (key, event, at) in events {
        fold(&mut rows, key, event, at);
    }
    upsert_rows(tx, rows.into_values()).await
}
