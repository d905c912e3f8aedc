//! Reads for the legacy adapter (issue 11): the integer ids of `legacy_ids_view`, both ways, and
//! the small aggregates the existing app's project cards show.

use std::collections::HashMap;

use uuid::Uuid;

use super::Queries;
use crate::error::QueryError;
use crate::legacy_ids::LegacyKind;

impl Queries {
    /// The integer id of an entity, if the view has numbered it.
    #[tracing::instrument(skip(self), err)]
    pub async fn legacy_number(
        &self,
        kind: LegacyKind,
        id: Uuid,
    ) -> Result<Option<i64>, QueryError> {
        sqlx::query_scalar("select number from legacy_ids_view where kind = $1 and entity_id = $2")
            .bind(kind.as_str())
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .map_err(QueryError::from)
    }

    /// The integer ids of several entities of one kind (those the view has numbered).
    #[tracing::instrument(skip(self, ids), err)]
    pub async fn legacy_numbers(
        &self,
        kind: LegacyKind,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, i64>, QueryError> {
        let rows: Vec<(Uuid, i64)> = sqlx::query_as(
            "select entity_id, number from legacy_ids_view
              where kind = $1 and entity_id = any($2)",
        )
        .bind(kind.as_str())
        .bind(ids)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// The entity an integer id stands for.
    #[tracing::instrument(skip(self), err)]
    pub async fn legacy_entity(
        &self,
        kind: LegacyKind,
        number: i64,
    ) -> Result<Option<Uuid>, QueryError> {
        sqlx::query_scalar("select entity_id from legacy_ids_view where kind = $1 and number = $2")
            .bind(kind.as_str())
            .bind(number)
            .fetch_optional(&self.pool)
            .await
            .map_err(QueryError::from)
    }

    /// How many tasks that are not cancelled each of these projects has.
    #[tracing::instrument(skip(self, projects), err)]
    pub async fn task_counts(&self, projects: &[Uuid]) -> Result<HashMap<Uuid, i64>, QueryError> {
        let rows: Vec<(Uuid, i64)> = sqlx::query_as(
            "select project_id, count(*) from tasks_view
              where project_id = any($1) and status <> 'cancelled'
              group by project_id",
        )
        .bind(projects)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().collect())
    }
}
