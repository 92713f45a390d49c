#!/usr/bin/env python3
# Times the SQLite text-search candidate step alone on an imported registry database:
#   python3 scripts/text-search-candidates.py /path/to/annexa.db [rounds]
# Needs an SQLite with contentless-delete FTS5 (3.43+): pip install pysqlite3-binary.
# The SQLite text-search candidate step (sqlite.rs text_candidates + search.rs text_page's
# whole-words-then-prefix rule) over the 12 query kinds of api/benches/registry.rs.
import pysqlite3 as sqlite3, time, sys, re
db = sys.argv[1]
c = sqlite3.connect(db)
SQL = ("WITH hits AS (SELECT rowid AS id FROM certificates_fts WHERE certificates_fts MATCH ? LIMIT 300) "
       "SELECT h.id, c.name_key FROM hits h JOIN certificates c ON c.id = h.id")
texts = ["payroll","information security","hosting","development","excluding consulting","penetration testing",
         "Dublin","softw","health record","warehouse management","colocation","merchant onboarding"]
def fts(text, prefix):
    words = [w.lower() for w in re.split(r"[^\w]|_", text) if w][:8]
    return " ".join('"%s"*' % w if prefix and i == len(words)-1 and len(w) >= 3 else '"%s"' % w for i, w in enumerate(words))
allt = []; per = {}
for rep in range(int(sys.argv[2]) if len(sys.argv) > 2 else 40):
    for t in texts:
        s = time.perf_counter()
        whole = fts(t, False); r = c.execute(SQL, (whole,)).fetchall()
        if len(r) < 20 and fts(t, True) != whole:
            r = c.execute(SQL, (fts(t, True),)).fetchall()
        d = (time.perf_counter() - s) * 1000
        allt.append(d); per.setdefault(t, []).append(d)
allt.sort()
p = lambda q: allt[int((len(allt)-1)*q)]
print("%s: candidates p50 %.2f ms p95 %.2f ms p99 %.2f ms max %.2f ms (n=%d)" % (db, p(.5), p(.95), p(.99), allt[-1], len(allt)))
for t, v in per.items():
    v.sort(); print("  %-24s median %.2f ms" % (t, v[len(v)//2]))
