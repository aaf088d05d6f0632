#!/usr/bin/env bash
# A maintenance job for CI: one transfer, scanned, reviewed, approved by a
# second identity, executed and waited for, with every exit code handled.
#
#   examples/maintenance-job.sh scan org --user sam.rep@acme.test --to-org Initech \
#       --role SALES_REP --reassignee rita.rep@acme.test
#
# Environment:
#   SCANNER_URI   connection string of the job's own identity (scans, executes)
#   APPROVER_URI  connection string of the second person who approves (in a
#                 real pipeline, a job behind a required reviewer: docs/ci.md)
#   TETHER_DB     the database (else the URIs' path, else "tether")
#   DEPLOYMENT    the deployment's name, when it is protected (--confirm-deployment)
#   APPROVAL_NOTE the approver's comment (default: the pipeline's run)
#   OUT_DIR       where the plan, the review and the logs go (default: .)
#   TETHER_TRANSFER the binary (default: tether-transfer on the PATH)
#
# Writes OUT_DIR/plan.json, review.md (for the pull request or the ticket),
# approval.json, execute.jsonl (JSON Lines events, the final record last)
# and status.txt. Exits with tether-transfer's code of the step that stopped
# it (docs/ci.md lists what each means here).
set -uo pipefail

tt="${TETHER_TRANSFER:-tether-transfer}"
out="${OUT_DIR:-.}"
plan="$out/plan.json"
mkdir -p "$out"
confirm=()
if [ -n "${DEPLOYMENT:-}" ]; then confirm=(--confirm-deployment "$DEPLOYMENT"); fi
: "${SCANNER_URI:?set SCANNER_URI to the job's connection string}"
: "${APPROVER_URI:?set APPROVER_URI to the approver's connection string}"

say() { printf '%s\n' "maintenance-job: $*" >&2; }

# 1. Scan: the plan file, and its JSON summary.
MONGODB_URI="$SCANNER_URI" "$tt" "$@" --out "$plan" --format json >"$out/scan.json"
code=$?
case "$code" in
  0) say "scanned: $plan" ;;
  3) say "the scan found blocking conflicts; see $out/scan.json (nothing was changed)"; exit 3 ;;
  2) say "the request is not valid (a name, a flag); see above"; exit 2 ;;
  5) say "another transfer holds these users or departments; finish it first"; exit 5 ;;
  6) say "this identity may not scan this transfer"; exit 6 ;;
  *) say "scan failed (exit $code)"; exit "$code" ;;
esac

# 2. Review: Markdown for the pull request or the ticket (offline).
"$tt" show "$plan" --format markdown >"$out/review.md" || exit $?
say "review: $out/review.md"

# 3. Approval by a second identity (re-validates the plan first).
MONGODB_URI="$APPROVER_URI" "$tt" approve "$plan" --comment "${APPROVAL_NOTE:-approved by the maintenance pipeline}" \
  --format json "${confirm[@]}" >"$out/approval.json"
code=$?
case "$code" in
  0) say "approved" ;;
  4) say "the plan is stale: the database changed since the scan; run the job again"; exit 4 ;;
  6) say "the approver may not approve this plan (its scanner, or not allowed)"; exit 6 ;;
  *) say "approve failed (exit $code)"; exit "$code" ;;
esac

# 4. Execute: JSON Lines events, the final record last.
MONGODB_URI="$SCANNER_URI" "$tt" execute "$plan" --yes --format json "${confirm[@]}" >"$out/execute.jsonl"
code=$?
id="$(grep -o '"transferId":"[0-9a-f]\{24\}"' "$out/execute.jsonl" | head -1 | grep -o '[0-9a-f]\{24\}')"
case "$code" in
  0) say "executed: transfer $id" ;;
  4) say "stale or already executed: scan again"; exit 4 ;;
  5) say "locked by another transfer: try again once it finishes"; exit 5 ;;
  6) say "not enough approvals (or an approval was revoked): see approvals $plan"; exit 6 ;;
  7) say "transfer $id failed part-way; nothing is half-applied: tether-transfer execute --resume $id"; exit 7 ;;
  8) say "transfer $id ended without putting everything in place: tether-transfer verify $id"; exit 8 ;;
  *) say "execute failed (exit $code)"; exit "$code" ;;
esac

# 5. Status: waits until it ends (a no-op for a run that completed), and verify.
MONGODB_URI="$SCANNER_URI" "$tt" status "$id" --wait >"$out/status.txt" || exit $?
MONGODB_URI="$SCANNER_URI" "$tt" verify "$id" >>"$out/status.txt"
code=$?
if [ "$code" -ne 0 ]; then say "verify found problems (exit $code): $out/status.txt"; exit "$code"; fi
say "done: transfer $id completed and verified"
