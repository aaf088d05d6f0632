use serde_json::{Value, json};

use crate::cli::{FindArgs, GlobalArgs};
use crate::error::Result;
use crate::ops::{auth, find};
use crate::output::Printer;

pub async fn run(g: &GlobalArgs, printer: &Printer, args: FindArgs) -> Result<()> {
    let found = super::with_db(g, async |db| {
        let operator = auth::operator(db, g.operator.as_deref()).await?;
        find::find(db, &operator, &args.text, args.org.as_deref(), args.limit).await
    })
    .await?;
    if printer.json {
        printer.json(&to_json(&found, &args));
        return Ok(());
    }
    let mut table = printer.table(&["Kind", "Name", "Email", "Role", "Organization", "Id"]);
    for u in &found.users {
        let role = if u.is_active { u.raw_role.clone() } else { format!("{} (inactive)", u.raw_role) };
        let org = found.organization_name(u.organization_id).unwrap_or_default().to_string();
        let name = u.name.clone().unwrap_or_default();
        table.add_row(vec!["user".into(), name, u.email.clone(), role, org, u.id.to_hex()]);
    }
    for o in &found.organizations {
        table.add_row(vec![
            "organization".into(),
            o.name.clone(),
            String::new(),
            String::new(),
            String::new(),
            o.id.to_hex(),
        ]);
    }
    for d in &found.departments {
        let org = found.organization_name(d.organization_id).unwrap_or_default().to_string();
        table.add_row(vec!["department".into(), d.name.clone(), String::new(), String::new(), org, d.id.to_hex()]);
    }
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let summary = format!(
        "{}, {}, {}",
        count(found.users.len(), "user", "users"),
        count(found.organizations.len(), "organization", "organizations"),
        count(found.departments.len(), "department", "departments")
    );
    let place = match &found.scope {
        Some(o) => format!("in \"{}\"", o.name),
        None => "in every organization".into(),
    };
    let text = args.text.trim();
    if found.users.is_empty() && found.organizations.is_empty() && found.departments.is_empty() {
        let nothing =
            if text.is_empty() { "Nothing is there".to_string() } else { format!("Nothing holds \"{text}\"") };
        printer.status(&format!("{nothing} {place}."));
        return Ok(());
    }
    let holding = if text.is_empty() { String::new() } else { format!(" hold \"{text}\"") };
    printer.data(&table.to_string());
    printer.status(&format!("{summary}{holding} {place}."));
    let kinds = ["users", "organizations", "departments"];
    let more: Vec<&str> = kinds.iter().zip(found.more).filter(|(_, m)| *m).map(|(k, _)| *k).collect();
    if !more.is_empty() {
        printer.status(&format!(
            "There are more {} than --limit {} shows: give more of the name, or a higher --limit.",
            more.join(" and "),
            args.limit
        ));
    }
    Ok(())
}

fn to_json(found: &find::Found, args: &FindArgs) -> Value {
    let org = |id: Option<mongodb::bson::oid::ObjectId>| match id {
        Some(id) => json!({ "id": id.to_hex(), "name": found.organization_name(Some(id)) }),
        None => Value::Null,
    };
    json!({
        "text": args.text,
        "organization": found.scope.as_ref().map(|o| json!({ "id": o.id.to_hex(), "name": o.name })),
        "limit": args.limit,
        "users": found.users.iter().map(|u| json!({
            "id": u.id.to_hex(),
            "email": u.email,
            "name": u.name,
            "role": u.raw_role,
            "isActive": u.is_active,
            "organization": org(u.organization_id),
        })).collect::<Vec<_>>(),
        "organizations": found.organizations.iter().map(|o| json!({ "id": o.id.to_hex(), "name": o.name })).collect::<Vec<_>>(),
        "departments": found.departments.iter().map(|d| json!({
            "id": d.id.to_hex(),
            "name": d.name,
            "organization": org(d.organization_id),
        })).collect::<Vec<_>>(),
        "more": { "users": found.more[0], "organizations": found.more[1], "departments": found.more[2] },
    })
}
