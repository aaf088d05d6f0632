
use builtin;
use str;

set edit:completion:arg-completer[tether-transfer] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'tether-transfer'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'tether-transfer'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand scan 'Scan a transfer and write a plan file for review'
            cand preview 'Count what an organization transfer of a user would touch; changes nothing'
            cand execute 'Apply a reviewed plan file (or resume an interrupted transfer)'
            cand status 'Show one transfer, or the most recent ones'
            cand pause 'Pause a running transfer after its current batch (its locks stay held)'
            cand continue 'Let a paused transfer go on; or change its rate (--max-rate)'
            cand verify 'Check that a completed transfer left everything where it should be'
            cand show 'Render a plan file for review, offline (no database needed)'
            cand diff 'Compare two plans, typically a stale plan and its re-scan (exit 9 when they differ)'
            cand approve 'Approve a plan, re-validated against the live database; or revoke your approval'
            cand approvals 'List the approvals of a plan file or of a transfer'
            cand policy 'Show or set the approval policy kept in the database'
            cand deployment 'The deployment''s name and protection, kept in the database itself'
            cand report 'Every document a transfer changed, each field before and after, from its undo log'
            cand config 'The configuration file and its profiles'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether-transfer;scan'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand department 'A department transfer: one user (--user), or every user of a department (--from)'
            cand org 'An organization transfer of one user'
            cand rollback 'Undo one completed or failed transfer, from its undo log'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether-transfer;scan;department'= {
            cand --user 'The user to move (ObjectId or email)'
            cand --from 'Bulk: move every manager and member of this department (ObjectId or name)'
            cand --assignments 'Several users, each with their own target, role and re-assignee: CSV with the header user,targetDepartment,role,reassignee (the last two optional), or JSON (the seed''s assignments array, or a whole TransferExecuteRequest); - reads standard input'
            cand --to 'The destination department (ObjectId or name)'
            cand --role 'New access role; DEPARTMENT_HEAD joins as a manager'
            cand --reassignee 'A user of the source department who takes over what stays there'
            cand --delete-source 'Delete a department once the transfer leaves it empty: in a bulk move the source (no value needed); otherwise the department to delete'
            cand --out 'Where to write the plan file'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;scan;org'= {
            cand --user 'The user to move (ObjectId or email)'
            cand --to-org 'The destination organization (ObjectId or name)'
            cand --role 'Access role in the destination organization'
            cand --reassignee 'A user of the source organization who inherits what stays behind'
            cand --to-department 'A department of the destination organization to join'
            cand --agent-remap 'Swap an agent on the user''s automations for one the re-assignee owns'
            cand --out 'Where to write the plan file'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;scan;rollback'= {
            cand --out 'Where to write the plan file'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;scan;help'= {
            cand department 'A department transfer: one user (--user), or every user of a department (--from)'
            cand org 'An organization transfer of one user'
            cand rollback 'Undo one completed or failed transfer, from its undo log'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether-transfer;scan;help;department'= {
        }
        &'tether-transfer;scan;help;org'= {
        }
        &'tether-transfer;scan;help;rollback'= {
        }
        &'tether-transfer;scan;help;help'= {
        }
        &'tether-transfer;preview'= {
            cand --user 'The user to count for (ObjectId or email)'
            cand --to-org 'The destination organization (ObjectId or name)'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;execute'= {
            cand --resume 'Continue an interrupted or failed transfer'
            cand --log 'With --detach: the log file (default: tether-transfer-<transferId>.log here)'
            cand --undo-retention 'Days the undo log of this transfer is kept, for `scan rollback` (1 to 3650)'
            cand --batch-time 'Milliseconds each batch''s transaction aims to take: the batch size adapts to it (100 to 10000 documents), from 5 to 10000'
            cand --max-rate 'Documents per second at most (1 to 10000000); change it while the transfer runs with `continue <ID> --max-rate N`'
            cand --max-lag 'Between batches, wait while a secondary lags more than this many seconds behind the primary (0 to 3600; 0: do not watch the lag)'
            cand --progress-interval 'Without progress bars (standard error not a terminal, as in a CI log): print a line with the counts, the rate and the time left at least every this many seconds, while paused or waiting too (1 to 3600)'
            cand --batch-size 'A fixed number of documents per transaction instead (1 to 100000)'
            cand --lock-lease 'Seconds a lock lasts unless renewed (a crashed holder releases it after this), from 0.5 to 3600'
            cand --lock-wait 'Seconds to wait for a lock another run holds before giving up (exit 5), from 0 to 3600'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --dry-run 'Validate and show what would change, without writing'
            cand --detach 'Start the transfer in the background: answer with its transferId (the seeds'' 202) once it is under way, and log to a file'
            cand --no-freeze 'Do not deactivate the moving users while their data moves'
            cand --no-undo 'Write no undo log: the transfer cannot be rolled back'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;status'= {
            cand --limit 'How many recent transfers to list (1 to 1000)'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --watch 'Redraw until the transfer ends'
            cand --wait 'Wait until the transfer ends: exit 0 when completed, 7 when failed'
            cand --all 'Also list the kinds with nothing to move'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;pause'= {
            cand --max-rate 'Documents per second at most from now on (1 to 10000000)'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;continue'= {
            cand --max-rate 'Documents per second at most from now on (1 to 10000000)'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;verify'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;show'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;diff'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;approve'= {
            cand --comment 'Why you approve (kept with the approval)'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --revoke 'Withdraw your approval of this plan instead'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;approvals'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;policy'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print the approval policy in force'
            cand set 'Change the approval policy (an authenticated SUPERADMIN only); unset settings keep their value'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether-transfer;policy;show'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;policy;set'= {
            cand --org-approvals 'Approvals an organization transfer (and its rollback) needs (0 to 10)'
            cand --department-approvals 'Approvals a department transfer (and its rollback) needs (0 to 10)'
            cand --expire-after 'Hours an approval stays valid (1 to 8760)'
            cand --declared-may-approve 'Whether an identity only declared with --operator (no database authentication) may approve'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --replace-unreadable 'Replace a stored policy that cannot be read (settings not given take the defaults; the audit entry keeps the stored document as it was)'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;policy;help'= {
            cand show 'Print the approval policy in force'
            cand set 'Change the approval policy (an authenticated SUPERADMIN only); unset settings keep their value'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether-transfer;policy;help;show'= {
        }
        &'tether-transfer;policy;help;set'= {
        }
        &'tether-transfer;policy;help;help'= {
        }
        &'tether-transfer;deployment'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'The deployment''s record: its id, name and protection, and what the server says it is'
            cand protect 'Name this deployment and protect it: every command that writes to it then asks for NAME (an authenticated SUPERADMIN only)'
            cand unprotect 'Remove the protection (the name and id stay; an authenticated SUPERADMIN only)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether-transfer;deployment;show'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;deployment;protect'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --replace-unreadable 'Replace a stored record that cannot be read (the audit entry keeps it as it was)'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;deployment;unprotect'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;deployment;help'= {
            cand show 'The deployment''s record: its id, name and protection, and what the server says it is'
            cand protect 'Name this deployment and protect it: every command that writes to it then asks for NAME (an authenticated SUPERADMIN only)'
            cand unprotect 'Remove the protection (the name and id stay; an authenticated SUPERADMIN only)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether-transfer;deployment;help;show'= {
        }
        &'tether-transfer;deployment;help;protect'= {
        }
        &'tether-transfer;deployment;help;unprotect'= {
        }
        &'tether-transfer;deployment;help;help'= {
        }
        &'tether-transfer;report'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;config'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List the profiles of the configuration file'
            cand show 'Each setting of a profile (default: the one in use) and where it comes from; never a password'
            cand path 'Where the configuration file is looked for'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether-transfer;config;list'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --names 'Only the names, one per line (for scripts and shell completions)'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;config;show'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;config;path'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;config;help'= {
            cand list 'List the profiles of the configuration file'
            cand show 'Each setting of a profile (default: the one in use) and where it comes from; never a password'
            cand path 'Where the configuration file is looked for'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether-transfer;config;help;list'= {
        }
        &'tether-transfer;config;help;show'= {
        }
        &'tether-transfer;config;help;path'= {
        }
        &'tether-transfer;config;help;help'= {
        }
        &'tether-transfer;completions'= {
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;generate-assets'= {
            cand --dir 'The directory that holds completions/ and man/'
            cand --profile 'A profile of the configuration file (`config list`): its connection, database, operator and defaults'
            cand --confirm-deployment 'A protected deployment''s name (its record''s, or a protected profile''s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names'
            cand --uri 'MongoDB connection string'
            cand --db 'Database name; default: the URI''s path, else "tether"'
            cand --operator 'The superadmin acting (email or ObjectId)'
            cand --format 'Output format'
            cand --color 'When to use colour (NO_COLOR is respected under auto)'
            cand --resources 'A JSON file overriding the resource registry (collection and field names)'
            cand --connect-timeout 'Seconds to wait for the server before giving up'
            cand --json 'Short for --format json'
            cand -y 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --yes 'Answer yes to confirmations (required when stdin is not a terminal)'
            cand --no-progress 'Do not draw progress bars'
            cand -q 'Print only data and errors: no status lines, no progress bars'
            cand --quiet 'Print only data and errors: no status lines, no progress bars'
            cand --debug 'On an error, also print the chain of errors it comes from'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'tether-transfer;help'= {
            cand scan 'Scan a transfer and write a plan file for review'
            cand preview 'Count what an organization transfer of a user would touch; changes nothing'
            cand execute 'Apply a reviewed plan file (or resume an interrupted transfer)'
            cand status 'Show one transfer, or the most recent ones'
            cand pause 'Pause a running transfer after its current batch (its locks stay held)'
            cand continue 'Let a paused transfer go on; or change its rate (--max-rate)'
            cand verify 'Check that a completed transfer left everything where it should be'
            cand show 'Render a plan file for review, offline (no database needed)'
            cand diff 'Compare two plans, typically a stale plan and its re-scan (exit 9 when they differ)'
            cand approve 'Approve a plan, re-validated against the live database; or revoke your approval'
            cand approvals 'List the approvals of a plan file or of a transfer'
            cand policy 'Show or set the approval policy kept in the database'
            cand deployment 'The deployment''s name and protection, kept in the database itself'
            cand report 'Every document a transfer changed, each field before and after, from its undo log'
            cand config 'The configuration file and its profiles'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'tether-transfer;help;scan'= {
            cand department 'A department transfer: one user (--user), or every user of a department (--from)'
            cand org 'An organization transfer of one user'
            cand rollback 'Undo one completed or failed transfer, from its undo log'
        }
        &'tether-transfer;help;scan;department'= {
        }
        &'tether-transfer;help;scan;org'= {
        }
        &'tether-transfer;help;scan;rollback'= {
        }
        &'tether-transfer;help;preview'= {
        }
        &'tether-transfer;help;execute'= {
        }
        &'tether-transfer;help;status'= {
        }
        &'tether-transfer;help;pause'= {
        }
        &'tether-transfer;help;continue'= {
        }
        &'tether-transfer;help;verify'= {
        }
        &'tether-transfer;help;show'= {
        }
        &'tether-transfer;help;diff'= {
        }
        &'tether-transfer;help;approve'= {
        }
        &'tether-transfer;help;approvals'= {
        }
        &'tether-transfer;help;policy'= {
            cand show 'Print the approval policy in force'
            cand set 'Change the approval policy (an authenticated SUPERADMIN only); unset settings keep their value'
        }
        &'tether-transfer;help;policy;show'= {
        }
        &'tether-transfer;help;policy;set'= {
        }
        &'tether-transfer;help;deployment'= {
            cand show 'The deployment''s record: its id, name and protection, and what the server says it is'
            cand protect 'Name this deployment and protect it: every command that writes to it then asks for NAME (an authenticated SUPERADMIN only)'
            cand unprotect 'Remove the protection (the name and id stay; an authenticated SUPERADMIN only)'
        }
        &'tether-transfer;help;deployment;show'= {
        }
        &'tether-transfer;help;deployment;protect'= {
        }
        &'tether-transfer;help;deployment;unprotect'= {
        }
        &'tether-transfer;help;report'= {
        }
        &'tether-transfer;help;config'= {
            cand list 'List the profiles of the configuration file'
            cand show 'Each setting of a profile (default: the one in use) and where it comes from; never a password'
            cand path 'Where the configuration file is looked for'
        }
        &'tether-transfer;help;config;list'= {
        }
        &'tether-transfer;help;config;show'= {
        }
        &'tether-transfer;help;config;path'= {
        }
        &'tether-transfer;help;completions'= {
        }
        &'tether-transfer;help;generate-assets'= {
        }
        &'tether-transfer;help;help'= {
        }
    ]
    $completions[$command]
}
