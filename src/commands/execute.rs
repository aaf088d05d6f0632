use std::io::IsTerminal;
use std::time::Duration;

use crate::cli::{ExecuteArgs, GlobalArgs};
use crate::db::Db;
use crate::db::record::StatusRecord;
use crate::error::{Because, CliError, ErrorKind, Result};
use crate::ops::execute::{self, Cancel, Options, Progress};
use crate::ops::job::Job;
use crate::ops::{approval, auth, status};
use crate::output::{Printer, progress};
use crate::plan::{Plan, PlanKind};

pub async fn run(g: &GlobalArgs, printer: &Printer, args: ExecuteArgs) -> Result<()> {
    let opts = Options {
        no_freeze: args.no_freeze,
        undo_days: (!args.no_undo).then_some(args.undo_retention),
        batch_size: args.batch_size,
        batch_time: Duration::from_millis(args.batch_time),
        max_rate: args.max_rate,
        max_lag: (args.max_lag > 0.0).then(|| Duration::from_secs_f64(args.max_lag)),
        transfer_id: args.transfer_id.as_deref().map(status::parse_id).transpose()?,
        lease: Duration::from_secs_f64(args.lock_lease),
        lock_wait: Duration::from_secs_f64(args.lock_wait),
        cancel: Cancel::default(),
        approvals: Vec::new(),
        approvals_needed: 0,
    };
    // A reader of the output that goes away (`| head -1`) stops the run as
    // Ctrl-C does: between batches, resumable, exit 7.
    printer.on_broken_pipe({
        let cancel = opts.cancel.clone();
        move || cancel.cancel()
    });
    if let Some(id) = &args.resume {
        let id = status::parse_id(id)?;
        return super::with_db(g, async |db| {
            let operator = auth::operator(db, g.operator.as_deref()).await?;
            let reporter = progress::reporter(printer, progress_settings(&args));
            let result =
                interruptible(&*reporter, &opts.cancel, execute::resume(db, &operator, id, &opts, &*reporter)).await;
            report(printer, db, result, Some(id)).await
        })
        .await;
    }
    let path = args.plan.as_ref().expect("clap requires a plan or --resume");
    let plan = g.hooks.profile.timed("load plan", async { Plan::load(path) }).await?;
    if !args.dry_run && !g.yes && (printer.json || !std::io::stdin().is_terminal()) {
        return Err(CliError::usage(
            "execute asks the operator to confirm, but stdin is not a terminal (or the output is JSON); pass -y/--yes to confirm without a prompt.",
        ));
    }
    if args.detach {
        // Checked here, before the background run starts: the plan, the
        // protected deployment's name (asked once, passed on), the prompt.
        super::with_db(g, async |db| {
            db.hooks.profile.timed("precheck", execute::precheck(db, &plan)).await?;
            if g.yes { Ok(()) } else { confirm(printer, &plan).await }
        })
        .await?;
        return detach(printer, g, &args).await;
    }
    super::with_db(g, async |db| execute_plan(db, g, printer, &args, &plan, &opts).await).await
}

/// `--detach`: the same command runs again in the background (its own
/// process group, so the terminal's Ctrl-C does not reach it), with a
/// transferId chosen here and its output in a log file. This answers once
/// the transfer's status record exists (the seeds' 202), or with the
/// background run's own error and exit code if it stopped before.
async fn detach(printer: &Printer, g: &GlobalArgs, args: &ExecuteArgs) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let id = mongodb::bson::oid::ObjectId::new();
    // By default next to the plan (where the person who scanned it looks),
    // never unannounced into whatever folder the command ran from.
    let log = args.log.clone().unwrap_or_else(|| {
        let plan = args.plan.as_deref().expect("clap requires a plan with --detach");
        let folder = plan.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
        folder.join(format!("tether-transfer-{id}.log"))
    });
    let file =
        std::fs::File::create(&log).or_usage(|e| format!("Cannot write the log file {}: {e}.", log.display()))?;
    let err = file.try_clone().or_unexpected(|e| format!("Cannot share the log file: {e}."))?;
    // The background run gets the connection string on its standard input,
    // secrets and all, never in its arguments or environment (which other
    // processes can read): its arguments name the hosts only.
    let mut argv: Vec<String> = Vec::new();
    let mut args_in = std::env::args().skip(1);
    while let Some(a) = args_in.next() {
        match a.as_str() {
            "--log" | "--uri" | "--confirm-deployment" => {
                args_in.next();
            }
            "--detach" | "--uri-stdin" => {}
            a if a.starts_with("--log=") || a.starts_with("--uri=") || a.starts_with("--confirm-deployment=") => {}
            _ => argv.push(a),
        }
    }
    argv.extend(["--transfer-id".to_string(), id.to_hex()]);
    if let Some(uri) = g.uri.as_deref() {
        argv.extend(["--uri".to_string(), crate::db::uri::without_secrets(uri), "--uri-stdin".to_string()]);
    }
    // Confirmed here already (typed or given): the background run is too.
    for name in g.confirmed.lock().unwrap().iter().chain(&g.confirm_deployment) {
        argv.extend(["--confirm-deployment".to_string(), name.clone()]);
    }
    for (flag, short) in [("--yes", Some("-y")), ("--no-progress", None)] {
        if !argv.iter().any(|a| a == flag || Some(a.as_str()) == short) {
            argv.push(flag.to_string());
        }
    }
    let exe = std::env::current_exe().or_unexpected(|e| format!("Cannot find this program: {e}."))?;
    let mut command = std::process::Command::new(exe);
    command.args(&argv).env_remove("MONGODB_URI");
    if let Some(crate::config::Password::Env(var)) = &g.settings.password {
        command.env_remove(var);
    }
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(file)
        .stderr(err)
        .process_group(0)
        .spawn()
        .or_unexpected(|e| format!("Cannot start the background run: {e}."))?;
    if let (Some(uri), Some(mut stdin)) = (g.uri.as_deref(), child.stdin.take()) {
        use std::io::Write;
        // A run that stopped before reading it says why below (its own error and exit code).
        let _ = stdin.write_all(format!("{uri}\n").as_bytes());
    }
    let ended = super::with_db(g, async |db| {
        loop {
            if let Some(status) = child.try_wait().or_unexpected(|e| e.to_string())? {
                return Ok(Some(status));
            }
            if status::get(db, id).await.is_ok() {
                return Ok(None);
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await?;
    if let Some(status) = ended.filter(|s| !s.success()) {
        // It stopped before the transfer started: its own error, and exit code.
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        for line in text.lines().filter(|l| l.starts_with("error:") || l.starts_with("  hint:")) {
            eprintln!("{line}");
        }
        std::process::exit(status.code().unwrap_or(1));
    }
    if printer.json {
        printer.json(&serde_json::json!({
            "transferId": id.to_hex(),
            "status": "in_progress",
            "log": log.display().to_string(),
        }));
    } else {
        printer.data(&format!("{id}\n"));
        printer.status(&format!(
            "Transfer {id} is under way in the background (log: {}). Follow it: tether-transfer status {id} --watch",
            log.display()
        ));
    }
    Ok(())
}

async fn execute_plan(
    db: &Db,
    g: &GlobalArgs,
    printer: &Printer,
    args: &ExecuteArgs,
    plan: &Plan,
    opts: &Options,
) -> Result<()> {
    db.hooks.profile.timed("precheck", execute::precheck(db, plan)).await?;
    let operator = db.hooks.profile.timed("operator", auth::operator(db, g.operator.as_deref())).await?;
    let job = Job::of(plan)?;
    job.authorize(db, &operator, plan).await?;
    if args.dry_run {
        let (fresh, _) = execute::revalidate(db, plan, &job, &operator, None).await?;
        if printer.json {
            printer.data(&fresh.to_json());
        } else {
            printer
                .status("Dry run: the plan is current. Executing it would make these changes (nothing was written):");
            let remaps = crate::ops::transfer::named_remaps(db, &fresh).await;
            super::scan::render(printer, &fresh, &remaps);
        }
        let standing = approval::standing(db, plan, &job, Some(&operator)).await?;
        if !standing.satisfied() {
            printer.warn(&format!("execute would refuse this plan for now: {}", standing.refusal(plan).message));
        }
        return Ok(());
    }
    // Four eyes: too few approvals stop here, before any lock or prompt
    // (and are judged again under the locks, as the transfer starts).
    approval::enforce(db, plan, &job, &operator).await?;
    if !g.yes {
        confirm(printer, plan).await?;
    }
    if args.no_freeze {
        printer.warn(
            "--no-freeze: the moving users stay active, so the application may keep writing under them while their data moves; \
             what appears before the final sweep is moved, what appears after it stays behind.",
        );
    }
    let reporter = progress::reporter(printer, progress_settings(args));
    let result = interruptible(&*reporter, &opts.cancel, execute::execute(db, &operator, plan, opts, &*reporter)).await;
    // Only a failed run in JSON mode prints its record after the error.
    let id = match &result {
        Err(e) if e.kind == ErrorKind::Failed && printer.json => {
            execute::record_of_plan(db, &plan.scan_version).await.ok().flatten().map(|r| r.id)
        }
        _ => None,
    };
    report(printer, db, result, id).await
}

fn progress_settings(args: &ExecuteArgs) -> progress::Settings {
    progress::Settings { interval: Duration::from_secs(args.progress_interval), max_rate: args.max_rate }
}

/// Runs `run`, watching for Ctrl-C meanwhile: once, stop after the current
/// batch (the transfer is resumable); twice, leave at once (still safe:
/// every batch is a transaction). The sentence goes through the progress
/// reporter, above its bars rather than over them.
async fn interruptible<T>(progress: &dyn Progress, cancel: &Cancel, run: impl Future<Output = T>) -> T {
    let watch = async {
        if tokio::signal::ctrl_c().await.is_ok() {
            cancel.cancel();
            progress.note("Interrupted: stopping after the current batch (Ctrl-C again to leave now; resume later).");
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        }
        std::future::pending::<()>().await
    };
    tokio::select! {
        done = run => done,
        _ = watch => unreachable!("the watch never ends"),
    }
}

/// Shows how a run ended: the final record, or (a failed JSON run) the
/// record after the error.
async fn report(
    printer: &Printer,
    db: &Db,
    result: Result<StatusRecord>,
    id: Option<mongodb::bson::oid::ObjectId>,
) -> Result<()> {
    match result {
        Ok(record) => {
            render_record(printer, &record);
            Ok(())
        }
        Err(e) => {
            if e.kind == ErrorKind::Failed
                && printer.json
                && let Some(id) = id
                && let Ok(record) = status::get(db, id).await
            {
                printer.json_line(&status::to_json(&record));
            }
            Err(e)
        }
    }
}

fn render_record(printer: &Printer, record: &StatusRecord) {
    let v = status::to_json(record);
    if printer.json {
        printer.json_line(&v);
        return;
    }
    super::status::render_one(printer, &v, false);
    printer.status(&format!(
        "Transfer {} {}. Check it any time with: tether-transfer status {}",
        v["transferId"].as_str().unwrap_or_default(),
        v["status"].as_str().unwrap_or_default(),
        v["transferId"].as_str().unwrap_or_default()
    ));
}

/// Says every step of the plan that deletes, changes a role, takes a user
/// out of an organization or a department, or reaches many documents
/// (`review::confirm`), then asks for the user's email (or, in bulk, the
/// source department's name) to be typed back. Runs on a blocking thread,
/// raced against Ctrl-C.
async fn confirm(printer: &Printer, plan: &Plan) -> Result<()> {
    let s = &plan.summary;
    let expected = match plan.kind() {
        PlanKind::DepartmentBulk => s.from_department.as_ref().map(|d| d.name.clone()).unwrap_or_default(),
        _ => s.users.first().map(|u| u.email.clone()).unwrap_or_default(),
    };
    eprintln!("{}", printer.scrub(&crate::review::confirm::text(plan)));
    let what =
        if plan.kind() == PlanKind::DepartmentBulk { "the source department's name" } else { "the user's email" };
    let prompt = format!("Type {what} ({expected}) to confirm");
    let answer = tokio::select! {
        a = tokio::task::spawn_blocking(move || dialoguer::Input::<String>::new().with_prompt(prompt).allow_empty(true).interact_text()) => a,
        _ = tokio::signal::ctrl_c() => return Err(CliError::usage("Cancelled; nothing was changed.")),
    };
    match answer {
        Ok(Ok(a)) if a.trim() == expected => Ok(()),
        Ok(Ok(_)) => Err(CliError::usage("The confirmation did not match; nothing was changed.")),
        _ => Err(CliError::usage("No confirmation was given; nothing was changed.")),
    }
}
