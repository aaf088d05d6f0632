#!/usr/bin/env python3
"""Execute against the plain script on a layout the project's generator does
not write, and micro-benchmarks of the undo log's alternatives.

The dataset: the demo fixtures (tether-gen, organizations, users,
departments), then big.owner@acme.test's N documents over conversations,
contacts and reminders only (40/40/20 %), with realistic payloads (a few
hundred bytes of text, timestamps, tags), assignees on half the
conversations, and only single-field `userId` indexes on those three
collections; contiguous, or 1 in K of each collection in `_id` order (K - 1
colleagues' documents after each of big's). `_id`s are deterministic, so the
tool's and the script's final data are compared document by document.

  .tools/py/bin/python scripts/bench-foreign.py --uri "$DEMO_SERVER_URI" 100000 1 --runs 3
  .tools/py/bin/python scripts/bench-foreign.py --uri "$DEMO_SERVER_URI" 20000 10 --runs 3
  .tools/py/bin/python scripts/bench-foreign.py --uri "$DEMO_SERVER_URI" 100000 1 --micro

(`.tools/py` is the demo server's environment, with pymongo:
scripts/install-demo-server.sh. Release binaries: cargo build --release
--features dev --bins.) `--profile` prints execute's stage profile.
"""
import argparse, json, os, random, statistics, subprocess, sys, tempfile, time
from pymongo import MongoClient, UpdateMany
from bson import ObjectId

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOL = os.path.join(ROOT, 'target', 'release', 'tether-transfer')
GEN = os.path.join(ROOT, 'target', 'release', 'tether-gen')
COLLS = {'conversations': 0.4, 'contacts': 0.4, 'reminders': 0.2}
FIELDS = ['userId', 'organizationId', 'departmentId', 'assigneeId']
WORDS = ['hello', 'order', 'invoice', 'shipping', 'thanks', 'refund', 'call', 'meeting', 'price', 'quote']


def build(client, uri, name, n, k, tmp):
    manifest = os.path.join(tmp, name + '.json')
    subprocess.run([GEN, '--uri', uri, '--db', name, '--drop', '--manifest', manifest], check=True, capture_output=True)
    m = json.load(open(manifest))['ids']
    db = client[name]
    big, acme = ObjectId(m['user:big']), ObjectId(m['org:acme'])
    people = [ObjectId(m[x]) for x in m if x.startswith('user:') and x != 'user:big'][:8]
    depts = [ObjectId(m[x]) for x in m if x.startswith('dept:acme/')]
    for coll in COLLS:
        db[coll].drop_indexes()
        db[coll].create_index('userId')
    rnd = random.Random(7)
    seq = [0]

    def next_id():
        seq[0] += 1
        return ObjectId(bytes.fromhex('6b000000') + seq[0].to_bytes(8, 'big'))

    def text():
        return ' '.join(rnd.choice(WORDS) for _ in range(rnd.randint(20, 60)))

    def doc(coll, owner):
        d = {'_id': next_id(), 'organizationId': acme, 'userId': owner, 'departmentId': rnd.choice(depts),
             'createdAt': 1700000000.0, 'updatedAt': 1700000000.0, 'tags': ['a', 'b'][:rnd.randint(0, 2)]}
        if coll == 'conversations':
            d.update(subject=text()[:60], lastMessage=text(), channel=rnd.choice(['email', 'sms', 'chat']), status='open')
            r = rnd.random()
            if r < 0.3:
                d['assigneeId'] = owner
            elif r < 0.5:
                d['assigneeId'] = rnd.choice(people)
        elif coll == 'contacts':
            d.update(firstName='Ann', lastName='Lee', email=f'c{seq[0]}@x.test', phone='+15550001', notes=text())
        else:
            d.update(text=text(), dueAt=1700000000.0, fired=rnd.random() < 0.5)
        return d

    for coll, share in COLLS.items():
        ops = []
        for i in range(int(n * share)):
            ops.append(doc(coll, big))
            for j in range(k - 1):
                ops.append(doc(coll, people[(i + j) % len(people)]))
            if len(ops) >= 5000:
                db[coll].insert_many(ops, ordered=False)
                ops = []
        if ops:
            db[coll].insert_many(ops, ordered=False)
    return db, m


def snapshot(db):
    out = {}
    for coll in list(COLLS) + ['users', 'departments', 'prompts', 'automations', 'agents']:
        out[coll] = {str(d['_id']): d for d in db[coll].find({}, {f: 1 for f in FIELDS + ['managers', 'members', 'accessRole']})}
    return out


def script(db, m):
    big, bob, acme = ObjectId(m['user:big']), ObjectId(m['user:bob']), ObjectId(m['org:acme'])
    started = time.perf_counter()
    db.conversations.update_many({'organizationId': acme, 'assigneeId': big}, {'$set': {'assigneeId': bob}})
    db.conversations.update_many({'organizationId': acme, 'userId': big}, {'$set': {'userId': bob}})
    db.contacts.update_many({'organizationId': acme, 'userId': big}, {'$set': {'userId': bob}})
    db.reminders.update_many({'organizationId': acme, 'userId': big, 'fired': False}, {'$set': {'userId': bob}})
    for coll in ['prompts', 'automations', 'agents']:
        db[coll].update_many({'organizationId': acme, 'userId': big}, {'$set': {'userId': bob}})
    db.users.update_one({'_id': big}, {'$set': {'organizationId': ObjectId(m['org:initech']), 'accessRole': 'SALES_REP'}})
    db.departments.update_many({'organizationId': acme}, {'$pull': {'managers': big, 'members': big}})
    return time.perf_counter() - started


def compare(client, a, args, tmp):
    rows = []
    env = dict(os.environ, MONGODB_URI=args.uri, TETHER_DB='bench_foreign', TETHER_OPERATOR='root@tether.test')
    if args.profile:
        env['TETHER_TRANSFER_PROFILE'] = '1'
    plan = os.path.join(tmp, 'plan.json')
    for _ in range(args.runs):
        db, m = build(client, args.uri, 'bench_foreign', args.n, args.k, tmp)
        subprocess.run([TOOL, 'scan', 'org', '--user', 'big.owner@acme.test', '--to-org', 'Initech', '--role', 'SALES_REP',
                        '--reassignee', 'bob.admin@acme.test', '--out', plan, '-q'], env=env, check=True, capture_output=True)
        started = time.perf_counter()
        p = subprocess.run([TOOL, 'execute', plan, '-y', '-q', '--no-progress'], env=env, capture_output=True, text=True)
        execute = time.perf_counter() - started
        if p.returncode != 0:
            sys.exit(f'execute exited {p.returncode}: {p.stderr}')
        if args.profile:
            print(p.stderr)
        tool = snapshot(db)
        db, m = build(client, args.uri, 'bench_foreign', args.n, args.k, tmp)
        plain = script(db, m)
        same = snapshot(db) == tool
        rows.append(execute / plain)
        print(f'N={args.n} 1 in {args.k}: execute {execute:.2f} s, plain script {plain:.2f} s, '
              f'ratio {execute / plain:.2f}x, same data: {"yes" if same else "NO"}', flush=True)
    client.drop_database('bench_foreign')
    if len(rows) > 1:
        print(f'median ratio of {len(rows)}: {statistics.median(rows):.2f}x')


def micro(client, args, tmp):
    """One kind's batches of 5,000 documents, each in a transaction that is
    aborted (the data stays as generated): the undo log's read against the
    write, and the writes that could replace the read."""
    db, m = build(client, args.uri, 'bench_micro', args.n, args.k, tmp)
    big, bob, acme = ObjectId(m['user:big']), ObjectId(m['user:bob']), ObjectId(m['org:acme'])
    conv = db['conversations']
    sel = {'organizationId': acme, 'userId': big}
    docs = list(conv.find(sel, {f: 1 for f in FIELDS}).sort('_id', 1).hint([('userId', 1)]))
    update = [{'$set': {'userId': bob, 'assigneeId': {'$cond': [{'$eq': ['$assigneeId', big]}, bob, '$assigneeId']}}}]
    hint = [('_id', 1)]
    size = 5000 if args.k == 1 else 2000
    batches = [docs[i:i + size] for i in range(0, min(len(docs), 8 * size), size)]

    def groups(batch):
        g = {}
        for d in batch:
            g.setdefault(tuple(str(d.get(f, '\0')) for f in FIELDS), []).append(d)
        return list(g.values())

    def held(d0):
        return {f: (d0[f] if f in d0 else {'$exists': False}) for f in FIELDS}

    def ids(batch):
        return [d['_id'] for d in batch]

    def rng(batch):
        return {'_id': {'$gte': batch[0]['_id'], '$lte': batch[-1]['_id']}}

    shapes = [
        ('undo read: projected find of the batch', lambda s, b: sum(1 for _ in conv.find_raw_batches({**rng(b), '$and': [sel]}, {f: 1 for f in FIELDS}, session=s))),
        ('undo read by ids ($in)', lambda s, b: sum(1 for _ in conv.find_raw_batches({'_id': {'$in': ids(b)}, '$and': [sel]}, {f: 1 for f in FIELDS}, session=s))),
        ('count of the batch (matching alone)', lambda s, b: conv.count_documents({**rng(b), '$and': [sel]}, session=s)),
        ('write: _id range and selection (today)', lambda s, b: conv.update_many({**rng(b), '$and': [sel]}, update, hint=hint, session=s).matched_count),
        ('write: ids ($in) and selection', lambda s, b: conv.update_many({'_id': {'$in': ids(b)}, '$and': [sel]}, update, hint=hint, session=s).matched_count),
        ('write: ids, each with its values ($or)', lambda s, b: conv.update_many({'_id': {'$in': ids(b)}, '$and': [sel, {'$or': [{'_id': {'$in': ids(g)}, **held(g[0])} for g in groups(b)]}]}, update, hint=hint, session=s).matched_count),
        ('write: one statement per set of values', lambda s, b: conv.bulk_write([UpdateMany({'_id': {'$in': ids(g)}, '$and': [sel, held(g[0])]}, update, hint=hint) for g in groups(b)], session=s).matched_count),
    ]
    print(f'conversations, {len(batches)} batches of {size} of big\'s documents (1 in {args.k}), '
          f'{statistics.mean(len(groups(b)) for b in batches):.0f} sets of values per batch; median ms per batch:')
    for name, run in shapes:
        times = []
        for b in batches:
            with client.start_session() as s:
                s.start_transaction()
                started = time.perf_counter()
                run(s, b)
                times.append((time.perf_counter() - started) * 1000)
                s.abort_transaction()
        print(f'  {name:45s} {statistics.median(times):7.1f}')
    client.drop_database('bench_micro')


def main():
    a = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    a.add_argument('--uri', default=os.environ.get('DEMO_SERVER_URI'))
    a.add_argument('n', type=int)
    a.add_argument('k', type=int)
    a.add_argument('--runs', type=int, default=1)
    a.add_argument('--micro', action='store_true')
    a.add_argument('--profile', action='store_true')
    args = a.parse_args()
    if not args.uri:
        sys.exit('give --uri or set DEMO_SERVER_URI (eval "$(scripts/server.sh start)")')
    client = MongoClient(args.uri)
    with tempfile.TemporaryDirectory() as tmp:
        if args.micro:
            micro(client, args, tmp)
        else:
            compare(client, args, args, tmp)


if __name__ == '__main__':
    main()
