
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'tether-transfer' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'tether-transfer'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'tether-transfer' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Scan a transfer and write a plan file for review')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Count what an organization transfer of a user would touch; changes nothing')
            [CompletionResult]::new('execute', 'execute', [CompletionResultType]::ParameterValue, 'Apply a reviewed plan file (or resume an interrupted transfer)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show one transfer, or the most recent ones')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Look up users (by part of an email or name), organizations and departments')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a running transfer after its current batch (its locks stay held)')
            [CompletionResult]::new('continue', 'continue', [CompletionResultType]::ParameterValue, 'Let a paused transfer go on; or change its rate (--max-rate)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that a completed transfer left everything where it should be')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Render a plan file for review, offline (no database needed)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two plans, typically a stale plan and its re-scan (exit 9 when they differ)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a plan, re-validated against the live database; or revoke your approval')
            [CompletionResult]::new('approvals', 'approvals', [CompletionResultType]::ParameterValue, 'List the approvals of a plan file or of a transfer')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show or set the approval policy kept in the database')
            [CompletionResult]::new('deployment', 'deployment', [CompletionResultType]::ParameterValue, 'The deployment''s name and protection, kept in the database itself')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Every document a transfer changed, each field before and after, from its undo log')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The configuration file and its profiles')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether-transfer;scan' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('department', 'department', [CompletionResultType]::ParameterValue, 'A department transfer: one user (--user), or every user of a department (--from)')
            [CompletionResult]::new('org', 'org', [CompletionResultType]::ParameterValue, 'An organization transfer of one user')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Undo one completed or failed transfer, from its undo log')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether-transfer;scan;department' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user to move (ObjectId or email)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Bulk: move every manager and member of this department (ObjectId or name)')
            [CompletionResult]::new('--assignments', '--assignments', [CompletionResultType]::ParameterName, 'Several users, each with their own target, role and re-assignee: CSV with the header user,targetDepartment,role,reassignee (the last two optional), or JSON (the seed''s assignments array, or a whole TransferExecuteRequest); - reads standard input')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The destination department (ObjectId or name)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'New access role; DEPARTMENT_HEAD joins as a manager')
            [CompletionResult]::new('--reassignee', '--reassignee', [CompletionResultType]::ParameterName, 'A user of the source department who takes over what stays there')
            [CompletionResult]::new('--delete-source', '--delete-source', [CompletionResultType]::ParameterName, 'Delete a department once the transfer leaves it empty: in a bulk move the source (no value needed); otherwise the department to delete')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the plan file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;scan;org' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user to move (ObjectId or email)')
            [CompletionResult]::new('--to-org', '--to-org', [CompletionResultType]::ParameterName, 'The destination organization (ObjectId or name)')
            [CompletionResult]::new('--role', '--role', [CompletionResultType]::ParameterName, 'Access role in the destination organization')
            [CompletionResult]::new('--reassignee', '--reassignee', [CompletionResultType]::ParameterName, 'A user of the source organization who inherits what stays behind')
            [CompletionResult]::new('--to-department', '--to-department', [CompletionResultType]::ParameterName, 'A department of the destination organization to join')
            [CompletionResult]::new('--agent-remap', '--agent-remap', [CompletionResultType]::ParameterName, 'Swap an agent on the user''s automations for one the re-assignee owns')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the plan file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;scan;rollback' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write the plan file')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;scan;help' {
            [CompletionResult]::new('department', 'department', [CompletionResultType]::ParameterValue, 'A department transfer: one user (--user), or every user of a department (--from)')
            [CompletionResult]::new('org', 'org', [CompletionResultType]::ParameterValue, 'An organization transfer of one user')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Undo one completed or failed transfer, from its undo log')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether-transfer;scan;help;department' {
            break
        }
        'tether-transfer;scan;help;org' {
            break
        }
        'tether-transfer;scan;help;rollback' {
            break
        }
        'tether-transfer;scan;help;help' {
            break
        }
        'tether-transfer;preview' {
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The user to count for (ObjectId or email)')
            [CompletionResult]::new('--to-org', '--to-org', [CompletionResultType]::ParameterName, 'The destination organization (ObjectId or name)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;execute' {
            [CompletionResult]::new('--resume', '--resume', [CompletionResultType]::ParameterName, 'Continue an interrupted or failed transfer')
            [CompletionResult]::new('--log', '--log', [CompletionResultType]::ParameterName, 'With --detach: the log file (default: tether-transfer-<transferId>.log in the plan''s folder)')
            [CompletionResult]::new('--undo-retention', '--undo-retention', [CompletionResultType]::ParameterName, 'Days the undo log of this transfer is kept, for `scan rollback` (1 to 3650)')
            [CompletionResult]::new('--batch-time', '--batch-time', [CompletionResultType]::ParameterName, 'Milliseconds each batch''s transaction aims to take: the batch size adapts to it (100 to 10000 documents), from 5 to 10000')
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Documents per second at most (1 to 10000000); change it while the transfer runs with `continue <ID> --max-rate N`')
            [CompletionResult]::new('--max-lag', '--max-lag', [CompletionResultType]::ParameterName, 'Between batches, wait while a secondary lags more than this many seconds behind the primary (0 to 3600; 0: do not watch the lag)')
            [CompletionResult]::new('--progress-interval', '--progress-interval', [CompletionResultType]::ParameterName, 'Without progress bars (standard error not a terminal, as in a CI log): print a line with the counts, the rate and the time left at least every this many seconds, while paused or waiting too (1 to 3600)')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, 'A fixed number of documents per transaction instead (1 to 100000)')
            [CompletionResult]::new('--lock-lease', '--lock-lease', [CompletionResultType]::ParameterName, 'Seconds a lock lasts unless renewed (a crashed holder releases it after this), from 0.5 to 3600')
            [CompletionResult]::new('--lock-wait', '--lock-wait', [CompletionResultType]::ParameterName, 'Seconds to wait for a lock another run holds before giving up (exit 5), from 0 to 3600')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Validate and show what would change, without writing')
            [CompletionResult]::new('--detach', '--detach', [CompletionResultType]::ParameterName, 'Start the transfer in the background: answer with its transferId (the seeds'' 202) once it is under way, and log to a file')
            [CompletionResult]::new('--no-freeze', '--no-freeze', [CompletionResultType]::ParameterName, 'Do not deactivate the moving users while their data moves')
            [CompletionResult]::new('--no-undo', '--no-undo', [CompletionResultType]::ParameterName, 'Write no undo log: the transfer cannot be rolled back')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;status' {
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'How many recent transfers to list (1 to 1000)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Redraw until the transfer ends')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the transfer ends: exit 0 when completed, 7 when failed')
            [CompletionResult]::new('--until-done', '--until-done', [CompletionResultType]::ParameterName, 'With --watch or --wait: a failed or interrupted transfer does not end the wait; it goes on until someone resumes it and it completes (or a rollback undoes it)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also list the kinds with nothing to move')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;find' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Only in this organization (ObjectId or name)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most this many users, organizations and departments each (1 to 1000)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;pause' {
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Documents per second at most from now on (1 to 10000000)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;continue' {
            [CompletionResult]::new('--max-rate', '--max-rate', [CompletionResultType]::ParameterName, 'Documents per second at most from now on (1 to 10000000)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;verify' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;diff' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;approve' {
            [CompletionResult]::new('--comment', '--comment', [CompletionResultType]::ParameterName, 'Why you approve (kept with the approval)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--revoke', '--revoke', [CompletionResultType]::ParameterName, 'Withdraw your approval of this plan instead')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;approvals' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;policy' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the approval policy in force')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change the approval policy (an authenticated SUPERADMIN only); unset settings keep their value')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether-transfer;policy;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;policy;set' {
            [CompletionResult]::new('--org-approvals', '--org-approvals', [CompletionResultType]::ParameterName, 'Approvals an organization transfer (and its rollback) needs (0 to 10)')
            [CompletionResult]::new('--department-approvals', '--department-approvals', [CompletionResultType]::ParameterName, 'Approvals a department transfer (and its rollback) needs (0 to 10)')
            [CompletionResult]::new('--expire-after', '--expire-after', [CompletionResultType]::ParameterName, 'Hours an approval stays valid (1 to 8760)')
            [CompletionResult]::new('--declared-may-approve', '--declared-may-approve', [CompletionResultType]::ParameterName, 'Whether an identity only declared with --operator (no database authentication) may approve')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--replace-unreadable', '--replace-unreadable', [CompletionResultType]::ParameterName, 'Replace a stored policy that cannot be read (settings not given take the defaults; the audit entry keeps the stored document as it was)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;policy;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the approval policy in force')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change the approval policy (an authenticated SUPERADMIN only); unset settings keep their value')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether-transfer;policy;help;show' {
            break
        }
        'tether-transfer;policy;help;set' {
            break
        }
        'tether-transfer;policy;help;help' {
            break
        }
        'tether-transfer;deployment' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The deployment''s record: its id, name and protection, and what the server says it is')
            [CompletionResult]::new('protect', 'protect', [CompletionResultType]::ParameterValue, 'Name this deployment and protect it: every command that writes to it then asks for NAME (an authenticated SUPERADMIN only)')
            [CompletionResult]::new('unprotect', 'unprotect', [CompletionResultType]::ParameterValue, 'Remove the protection (the name and id stay; an authenticated SUPERADMIN only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether-transfer;deployment;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;deployment;protect' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--replace-unreadable', '--replace-unreadable', [CompletionResultType]::ParameterName, 'Replace a stored record that cannot be read (the audit entry keeps it as it was)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;deployment;unprotect' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;deployment;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The deployment''s record: its id, name and protection, and what the server says it is')
            [CompletionResult]::new('protect', 'protect', [CompletionResultType]::ParameterValue, 'Name this deployment and protect it: every command that writes to it then asks for NAME (an authenticated SUPERADMIN only)')
            [CompletionResult]::new('unprotect', 'unprotect', [CompletionResultType]::ParameterValue, 'Remove the protection (the name and id stay; an authenticated SUPERADMIN only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether-transfer;deployment;help;show' {
            break
        }
        'tether-transfer;deployment;help;protect' {
            break
        }
        'tether-transfer;deployment;help;unprotect' {
            break
        }
        'tether-transfer;deployment;help;help' {
            break
        }
        'tether-transfer;report' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;config' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles of the configuration file')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Each setting of a profile (default: the one in use) and where it comes from; never a password')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Where the configuration file is looked for')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether-transfer;config;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'Only the names, one per line (for scripts and shell completions)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;config;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;config;path' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;config;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles of the configuration file')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Each setting of a profile (default: the one in use) and where it comes from; never a password')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Where the configuration file is looked for')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether-transfer;config;help;list' {
            break
        }
        'tether-transfer;config;help;show' {
            break
        }
        'tether-transfer;config;help;path' {
            break
        }
        'tether-transfer;config;help;help' {
            break
        }
        'tether-transfer;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;generate-assets' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory that holds completions/ and man/')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'A profile of the configuration file (`config list`): its connection, database, operator and defaults')
            [CompletionResult]::new('--confirm-deployment', '--confirm-deployment', [CompletionResultType]::ParameterName, 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'MongoDB connection string')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'Database name; default: the URI''s path, else "tether"')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The superadmin acting (email or ObjectId)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour (NO_COLOR is respected under auto)')
            [CompletionResult]::new('--resources', '--resources', [CompletionResultType]::ParameterName, 'A JSON file overriding the resource registry (collection and field names)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the server before giving up')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Short for --format json')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (required when stdin is not a terminal)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never ask: a missing flag is an error, as without a terminal')
            [CompletionResult]::new('--no-progress', '--no-progress', [CompletionResultType]::ParameterName, 'Do not draw progress bars')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only data and errors: no status lines, no progress bars')
            [CompletionResult]::new('--debug', '--debug', [CompletionResultType]::ParameterName, 'On an error, also print the chain of errors it comes from')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'tether-transfer;help' {
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Scan a transfer and write a plan file for review')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Count what an organization transfer of a user would touch; changes nothing')
            [CompletionResult]::new('execute', 'execute', [CompletionResultType]::ParameterValue, 'Apply a reviewed plan file (or resume an interrupted transfer)')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show one transfer, or the most recent ones')
            [CompletionResult]::new('find', 'find', [CompletionResultType]::ParameterValue, 'Look up users (by part of an email or name), organizations and departments')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a running transfer after its current batch (its locks stay held)')
            [CompletionResult]::new('continue', 'continue', [CompletionResultType]::ParameterValue, 'Let a paused transfer go on; or change its rate (--max-rate)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that a completed transfer left everything where it should be')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Render a plan file for review, offline (no database needed)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two plans, typically a stale plan and its re-scan (exit 9 when they differ)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a plan, re-validated against the live database; or revoke your approval')
            [CompletionResult]::new('approvals', 'approvals', [CompletionResultType]::ParameterValue, 'List the approvals of a plan file or of a transfer')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show or set the approval policy kept in the database')
            [CompletionResult]::new('deployment', 'deployment', [CompletionResultType]::ParameterValue, 'The deployment''s name and protection, kept in the database itself')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Every document a transfer changed, each field before and after, from its undo log')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'The configuration file and its profiles')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'tether-transfer;help;scan' {
            [CompletionResult]::new('department', 'department', [CompletionResultType]::ParameterValue, 'A department transfer: one user (--user), or every user of a department (--from)')
            [CompletionResult]::new('org', 'org', [CompletionResultType]::ParameterValue, 'An organization transfer of one user')
            [CompletionResult]::new('rollback', 'rollback', [CompletionResultType]::ParameterValue, 'Undo one completed or failed transfer, from its undo log')
            break
        }
        'tether-transfer;help;scan;department' {
            break
        }
        'tether-transfer;help;scan;org' {
            break
        }
        'tether-transfer;help;scan;rollback' {
            break
        }
        'tether-transfer;help;preview' {
            break
        }
        'tether-transfer;help;execute' {
            break
        }
        'tether-transfer;help;status' {
            break
        }
        'tether-transfer;help;find' {
            break
        }
        'tether-transfer;help;pause' {
            break
        }
        'tether-transfer;help;continue' {
            break
        }
        'tether-transfer;help;verify' {
            break
        }
        'tether-transfer;help;show' {
            break
        }
        'tether-transfer;help;diff' {
            break
        }
        'tether-transfer;help;approve' {
            break
        }
        'tether-transfer;help;approvals' {
            break
        }
        'tether-transfer;help;policy' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the approval policy in force')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change the approval policy (an authenticated SUPERADMIN only); unset settings keep their value')
            break
        }
        'tether-transfer;help;policy;show' {
            break
        }
        'tether-transfer;help;policy;set' {
            break
        }
        'tether-transfer;help;deployment' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The deployment''s record: its id, name and protection, and what the server says it is')
            [CompletionResult]::new('protect', 'protect', [CompletionResultType]::ParameterValue, 'Name this deployment and protect it: every command that writes to it then asks for NAME (an authenticated SUPERADMIN only)')
            [CompletionResult]::new('unprotect', 'unprotect', [CompletionResultType]::ParameterValue, 'Remove the protection (the name and id stay; an authenticated SUPERADMIN only)')
            break
        }
        'tether-transfer;help;deployment;show' {
            break
        }
        'tether-transfer;help;deployment;protect' {
            break
        }
        'tether-transfer;help;deployment;unprotect' {
            break
        }
        'tether-transfer;help;report' {
            break
        }
        'tether-transfer;help;config' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the profiles of the configuration file')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Each setting of a profile (default: the one in use) and where it comes from; never a password')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'Where the configuration file is looked for')
            break
        }
        'tether-transfer;help;config;list' {
            break
        }
        'tether-transfer;help;config;show' {
            break
        }
        'tether-transfer;help;config;path' {
            break
        }
        'tether-transfer;help;completions' {
            break
        }
        'tether-transfer;help;generate-assets' {
            break
        }
        'tether-transfer;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
