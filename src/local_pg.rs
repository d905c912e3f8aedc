//! The embedded default database: a PostgreSQL cluster under `DATA_DIR`, installed with apt when
//! missing, used when no `DATABASE_URL` is configured (first run, tests, CI).

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

/// Options for the local cluster.
#[derive(Debug, Clone)]
pub struct LocalPg {
    /// Where the cluster lives (`<DATA_DIR>/pg`).
    pub dir: PathBuf,
    /// TCP port on 127.0.0.1.
    pub port: u16,
    /// Trade durability for speed (tests only: fsync and synchronous commit off).
    pub fast: bool,
}

impl LocalPg {
    /// Installs (if needed), initialises (if needed) and starts (if needed) the cluster; returns
    /// its connection URL. Safe to call from many processes at once (a file lock serialises it).
    pub fn ensure(&self) -> anyhow::Result<String> {
        std::fs::create_dir_all(&self.dir)
            .with_context(|| format!("creating {}", self.dir.display()))?;
        let dir = std::fs::canonicalize(&self.dir)?;
        let lock =
            std::fs::File::create(dir.join(".lock")).context("creating the cluster lock file")?;
        lock.lock().context("locking the cluster directory")?;
        let bin = find_or_install_bin()?;
        let is_root = running_as_root();
        let owner_dir = if is_root && !postgres_can_use(&dir) {
            fallback_dir(&dir)?
        } else {
            dir.clone()
        };
        let data = owner_dir.join("data");
        if !data.join("PG_VERSION").exists() {
            if is_root {
                run(Command::new("chown")
                    .args(["-R", "postgres:postgres"])
                    .arg(&owner_dir))?;
            }
            let mut initdb = as_owner(is_root, &bin.join("initdb"));
            initdb.arg("-D").arg(&data).args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ]);
            run(&mut initdb).context("initdb failed")?;
        }
        let mut status = as_owner(is_root, &bin.join("pg_ctl"));
        status.arg("-D").arg(&data).arg("status");
        let running = status.output().map(|o| o.status.success()).unwrap_or(false);
        if !running {
            let mut opts = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=256MB",
                self.port,
                owner_dir.display()
            );
            if self.fast {
                opts.push_str(" -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
            }
            let mut start = as_owner(is_root, &bin.join("pg_ctl"));
            start
                .arg("-D")
                .arg(&data)
                .arg("-l")
                .arg(owner_dir.join("server.log"));
            start.args(["-w", "-t", "60", "-o", &opts, "start"]);
            run(&mut start).with_context(|| {
                format!(
                    "starting PostgreSQL failed; see {}",
                    owner_dir.join("server.log").display()
                )
            })?;
        }
        Ok(format!(
            "postgres://postgres@127.0.0.1:{}/postgres",
            self.port
        ))
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0\n"))
        .unwrap_or(false)
}

/// initdb and postgres refuse to run as root: run them as the `postgres` user then.
fn as_owner(is_root: bool, program: &Path) -> Command {
    if is_root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// Whether the `postgres` user can reach `dir` (a checkout under /root is not reachable).
fn postgres_can_use(dir: &Path) -> bool {
    Command::new("runuser")
        .args(["-u", "postgres", "--", "test", "-x"])
        .arg(dir.parent().unwrap_or(dir))
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

fn fallback_dir(dir: &Path) -> anyhow::Result<PathBuf> {
    let name: String = dir
        .to_string_lossy()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let fallback = PathBuf::from("/var/tmp").join(format!("birqadam-pg{name}"));
    std::fs::create_dir_all(&fallback)?;
    std::fs::write(
        dir.join("WHERE.txt"),
        format!("the cluster lives in {}\n", fallback.display()),
    )?;
    Ok(fallback)
}

fn find_bin() -> Option<PathBuf> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            (version >= 15 && bin.join("initdb").exists()).then_some((version, bin))
        })
        .collect();
    found.sort();
    found.pop().map(|(_, bin)| bin)
}

fn find_or_install_bin() -> anyhow::Result<PathBuf> {
    if let Some(bin) = find_bin() {
        return Ok(bin);
    }
    if !running_as_root() {
        bail!(
            "PostgreSQL 15+ is not installed and this user cannot install it: run \
             `sudo apt-get install postgresql` or set DATABASE_URL to an existing database"
        );
    }
    tracing::info!("PostgreSQL not found: installing it with apt-get");
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    run(Command::new("apt-get")
        .args([
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "postgresql",
            "postgresql-contrib",
        ])
        .env("DEBIAN_FRONTEND", "noninteractive"))
    .context(
        "apt-get install postgresql failed: install PostgreSQL 15+ by hand or set DATABASE_URL",
    )?;
    find_bin().context("PostgreSQL was installed but no initdb was found under /usr/lib/postgresql")
}

fn run(command: &mut Command) -> anyhow::Result<()> {
    let output = command
        .output()
        .with_context(|| format!("running {command:?}"))?;
    if !output.status.success() {
        bail!(
            "{command:?} exited with {}: {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}
