# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_tether_transfer_global_optspecs
    string join \n profile= confirm-deployment= uri= db= operator= format= json y/yes no-input no-progress q/quiet color= resources= connect-timeout= debug uri-stdin h/help V/version
end

function __fish_tether_transfer_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_tether_transfer_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_tether_transfer_using_subcommand
    set -l cmd (__fish_tether_transfer_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "scan" -d 'Scan a transfer and write a plan file for review'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "preview" -d 'Count what an organization transfer of a user would touch; changes nothing'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "execute" -d 'Apply a reviewed plan file (or resume an interrupted transfer)'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "status" -d 'Show one transfer, or the most recent ones'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "find" -d 'Look up users (by part of an email or name), organizations and departments'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "pause" -d 'Pause a running transfer after its current batch (its locks stay held)'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "continue" -d 'Let a paused transfer go on; or change its rate (--max-rate)'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "verify" -d 'Check that a completed transfer left everything where it should be'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "show" -d 'Render a plan file for review, offline (no database needed)'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "diff" -d 'Compare two plans, typically a stale plan and its re-scan (exit 9 when they differ)'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "approve" -d 'Approve a plan, re-validated against the live database; or revoke your approval'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "approvals" -d 'List the approvals of a plan file or of a transfer'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "policy" -d 'Show or set the approval policy kept in the database'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "deployment" -d 'The deployment\'s name and protection, kept in the database itself'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "report" -d 'Every document a transfer changed, each field before and after, from its undo log'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "config" -d 'The configuration file and its profiles'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "generate-assets" -d 'Write completions/ and man/ (used to keep the committed copies current)'
complete -c tether-transfer -n "__fish_tether_transfer_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -f -a "department" -d 'A department transfer: one user (--user), or every user of a department (--from)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -f -a "org" -d 'An organization transfer of one user'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -f -a "rollback" -d 'Undo one completed or failed transfer, from its undo log'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and not __fish_seen_subcommand_from department org rollback help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l user -d 'The user to move (ObjectId or email)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l from -d 'Bulk: move every manager and member of this department (ObjectId or name)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l assignments -d 'Several users, each with their own target, role and re-assignee: CSV with the header user,targetDepartment,role,reassignee (the last two optional), or JSON (the seed\'s assignments array, or a whole TransferExecuteRequest); - reads standard input' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l to -d 'The destination department (ObjectId or name)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l role -d 'New access role; DEPARTMENT_HEAD joins as a manager' -r -f -a "ADMIN\t''
DEPARTMENT_HEAD\t''
SALES_REP\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l reassignee -d 'A user of the source department who takes over what stays there' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l delete-source -d 'Delete a department once the transfer leaves it empty: in a bulk move the source (no value needed); otherwise the department to delete' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l out -d 'Where to write the plan file' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from department" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l user -d 'The user to move (ObjectId or email)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l to-org -d 'The destination organization (ObjectId or name)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l role -d 'Access role in the destination organization' -r -f -a "ADMIN\t''
DEPARTMENT_HEAD\t''
SALES_REP\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l reassignee -d 'A user of the source organization who inherits what stays behind' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l to-department -d 'A department of the destination organization to join' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l agent-remap -d 'Swap an agent on the user\'s automations for one the re-assignee owns' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l out -d 'Where to write the plan file' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from org" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l out -d 'Where to write the plan file' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from rollback" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "department" -d 'A department transfer: one user (--user), or every user of a department (--from)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "org" -d 'An organization transfer of one user'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "rollback" -d 'Undo one completed or failed transfer, from its undo log'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand scan; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l user -d 'The user to count for (ObjectId or email)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l to-org -d 'The destination organization (ObjectId or name)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand preview" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l resume -d 'Continue an interrupted or failed transfer' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l log -d 'With --detach: the log file (default: tether-transfer-<transferId>.log in the plan\'s folder)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l transfer-id -d 'The transferId to use (how --detach starts its background run)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l undo-retention -d 'Days the undo log of this transfer is kept, for `scan rollback` (1 to 3650)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l batch-time -d 'Milliseconds each batch\'s transaction aims to take: the batch size adapts to it (100 to 10000 documents), from 5 to 10000' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l max-rate -d 'Documents per second at most (1 to 10000000); change it while the transfer runs with `continue <ID> --max-rate N`' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l max-lag -d 'Between batches, wait while a secondary lags more than this many seconds behind the primary (0 to 3600; 0: do not watch the lag)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l progress-interval -d 'Without progress bars (standard error not a terminal, as in a CI log): print a line with the counts, the rate and the time left at least every this many seconds, while paused or waiting too (1 to 3600)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l batch-size -d 'A fixed number of documents per transaction instead (1 to 100000)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l lock-lease -d 'Seconds a lock lasts unless renewed (a crashed holder releases it after this), from 0.5 to 3600' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l lock-wait -d 'Seconds to wait for a lock another run holds before giving up (exit 5), from 0 to 3600' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l dry-run -d 'Validate and show what would change, without writing'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l detach -d 'Start the transfer in the background: answer with its transferId (the seeds\' 202) once it is under way, and log to a file'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l no-freeze -d 'Do not deactivate the moving users while their data moves'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l no-undo -d 'Write no undo log: the transfer cannot be rolled back'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand execute" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l limit -d 'How many recent transfers to list (1 to 1000)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l watch -d 'Redraw until the transfer ends'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l wait -d 'Wait until the transfer ends: exit 0 when completed, 7 when failed'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l until-done -d 'With --watch or --wait: a failed or interrupted transfer does not end the wait; it goes on until someone resumes it and it completes (or a rollback undoes it)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l all -d 'Also list the kinds with nothing to move'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand status" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l org -d 'Only in this organization (ObjectId or name)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l limit -d 'At most this many users, organizations and departments each (1 to 1000)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand find" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l max-rate -d 'Documents per second at most from now on (1 to 10000000)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand pause" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l max-rate -d 'Documents per second at most from now on (1 to 10000000)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand continue" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand verify" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand show" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand diff" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l comment -d 'Why you approve (kept with the approval)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l revoke -d 'Withdraw your approval of this plan instead'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approve" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand approvals" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -f -a "show" -d 'Print the approval policy in force'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -f -a "set" -d 'Change the approval policy (an authenticated SUPERADMIN only); unset settings keep their value'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and not __fish_seen_subcommand_from show set help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l org-approvals -d 'Approvals an organization transfer (and its rollback) needs (0 to 10)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l department-approvals -d 'Approvals a department transfer (and its rollback) needs (0 to 10)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l expire-after -d 'Hours an approval stays valid (1 to 8760)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l declared-may-approve -d 'Whether an identity only declared with --operator (no database authentication) may approve' -r -f -a "true\t''
false\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l replace-unreadable -d 'Replace a stored policy that cannot be read (settings not given take the defaults; the audit entry keeps the stored document as it was)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the approval policy in force'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change the approval policy (an authenticated SUPERADMIN only); unset settings keep their value'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -f -a "show" -d 'The deployment\'s record: its id, name and protection, and what the server says it is'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -f -a "protect" -d 'Name this deployment and protect it: every command that writes to it then asks for NAME (an authenticated SUPERADMIN only)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -f -a "unprotect" -d 'Remove the protection (the name and id stay; an authenticated SUPERADMIN only)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and not __fish_seen_subcommand_from show protect unprotect help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l replace-unreadable -d 'Replace a stored record that cannot be read (the audit entry keeps it as it was)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from protect" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from unprotect" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from help" -f -a "show" -d 'The deployment\'s record: its id, name and protection, and what the server says it is'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from help" -f -a "protect" -d 'Name this deployment and protect it: every command that writes to it then asks for NAME (an authenticated SUPERADMIN only)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from help" -f -a "unprotect" -d 'Remove the protection (the name and id stay; an authenticated SUPERADMIN only)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand deployment; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand report" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -f -a "list" -d 'List the profiles of the configuration file'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -f -a "show" -d 'Each setting of a profile (default: the one in use) and where it comes from; never a password'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -f -a "path" -d 'Where the configuration file is looked for'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and not __fish_seen_subcommand_from list show path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l names -d 'Only the names, one per line (for scripts and shell completions)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the profiles of the configuration file'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Each setting of a profile (default: the one in use) and where it comes from; never a password'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'Where the configuration file is looked for'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand completions" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l dir -d 'The directory that holds completions/ and man/' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l profile -d 'A profile of the configuration file (`config list`): its connection, database, operator and defaults' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l confirm-deployment -d 'A protected deployment\'s name (its record\'s, or a protected profile\'s), confirming from a script that a write is meant for it; repeat it when both guard the deployment under different names' -f -a '(tether-transfer config list --names 2>/dev/null)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l uri -d 'MongoDB connection string' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l db -d 'Database name; default: the URI\'s path, else "tether"' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l operator -d 'The superadmin acting (email or ObjectId)' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l format -d 'Output format' -r -f -a "text\t''
json\t''
markdown\t'For a ticket or a pull-request comment (`show`, `diff`, `approvals`)'
csv\t'One row per changed field (`report`)'"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l color -d 'When to use colour (NO_COLOR is respected under auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l resources -d 'A JSON file overriding the resource registry (collection and field names)' -r -F
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l connect-timeout -d 'Seconds to wait for the server before giving up' -r
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l json -d 'Short for --format json'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -s y -l yes -d 'Answer yes to confirmations (required when stdin is not a terminal)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l no-input -d 'Never ask: a missing flag is an error, as without a terminal'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l no-progress -d 'Do not draw progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -s q -l quiet -d 'Print only data and errors: no status lines, no progress bars'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l debug -d 'On an error, also print the chain of errors it comes from'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -l uri-stdin -d 'Read the connection string from stdin, secrets and all (how a detached execute gets it: never in its arguments or environment)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand generate-assets" -s V -l version -d 'Print version'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "scan" -d 'Scan a transfer and write a plan file for review'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "preview" -d 'Count what an organization transfer of a user would touch; changes nothing'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "execute" -d 'Apply a reviewed plan file (or resume an interrupted transfer)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "status" -d 'Show one transfer, or the most recent ones'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "find" -d 'Look up users (by part of an email or name), organizations and departments'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "pause" -d 'Pause a running transfer after its current batch (its locks stay held)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "continue" -d 'Let a paused transfer go on; or change its rate (--max-rate)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "verify" -d 'Check that a completed transfer left everything where it should be'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "show" -d 'Render a plan file for review, offline (no database needed)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "diff" -d 'Compare two plans, typically a stale plan and its re-scan (exit 9 when they differ)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "approve" -d 'Approve a plan, re-validated against the live database; or revoke your approval'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "approvals" -d 'List the approvals of a plan file or of a transfer'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "policy" -d 'Show or set the approval policy kept in the database'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "deployment" -d 'The deployment\'s name and protection, kept in the database itself'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "report" -d 'Every document a transfer changed, each field before and after, from its undo log'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "config" -d 'The configuration file and its profiles'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "completions" -d 'Print a shell completion script'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "generate-assets" -d 'Write completions/ and man/ (used to keep the committed copies current)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and not __fish_seen_subcommand_from scan preview execute status find pause continue verify show diff approve approvals policy deployment report config completions generate-assets help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "department" -d 'A department transfer: one user (--user), or every user of a department (--from)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "org" -d 'An organization transfer of one user'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from scan" -f -a "rollback" -d 'Undo one completed or failed transfer, from its undo log'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Print the approval policy in force'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "set" -d 'Change the approval policy (an authenticated SUPERADMIN only); unset settings keep their value'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from deployment" -f -a "show" -d 'The deployment\'s record: its id, name and protection, and what the server says it is'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from deployment" -f -a "protect" -d 'Name this deployment and protect it: every command that writes to it then asks for NAME (an authenticated SUPERADMIN only)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from deployment" -f -a "unprotect" -d 'Remove the protection (the name and id stay; an authenticated SUPERADMIN only)'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "list" -d 'List the profiles of the configuration file'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Each setting of a profile (default: the one in use) and where it comes from; never a password'
complete -c tether-transfer -n "__fish_tether_transfer_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'Where the configuration file is looked for'
