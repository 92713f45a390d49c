# Helpers for the load, A/B, floor and import scripts (sourced, not run): wrk's figures, the
# server's CPU time per request, read from /proc/PID/stat around a run (steadier than requests
# per second when other work shares the machine), waiting for it to be idle, and a SQLite
# database's size. SERVER_PID names the server.

# Requests per second from wrk's output on stdin.
rps() { awk '/Requests\/sec/ { print $2 }'; }
# Requests answered, from wrk's output on stdin.
requests() { awk '/requests in/ { print $1 }'; }
# The server's CPU time so far in clock ticks: user and system, two numbers.
cpu_ticks() { awk '{ print $14, $15 }' "/proc/$SERVER_PID/stat"; }
# µs of CPU per request between two cpu_ticks readings: "BEFORE" "AFTER" REQUESTS →
# "user system total".
cpu_per_request() {
  awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    u = (y[1] - x[1]) * 1e6 / hz / n; s = (y[2] - x[2]) * 1e6 / hz / n
    printf "%.1f %.1f %.1f", u, s, u + s }'
}
# The size of a SQLite database in MB of 10^6 bytes, as PostgreSQL's `pg_database_size` and the
# target (≤ 1 GB) count it: the file and its working files (`du -m` counted MiB: 947 for 993 MB).
sqlite_mb() { stat -c %s "$1"* | awk '{ s += $1 } END { printf "%d", s / 1000000 }'; }
# Waits (at most 15 s) until the server is idle: under 2 % of a core over half a second. A
# route measured right after one the server could not keep up with would otherwise start
# behind the requests still queued from it.
settle() {
  local before after
  for _ in $(seq 30); do
    before=$(cpu_ticks)
    sleep 0.5
    after=$(cpu_ticks)
    awk -v a="$before" -v b="$after" -v hz="$(getconf CLK_TCK)" 'BEGIN {
      split(a, x, " "); split(b, y, " ")
      exit !((y[1] + y[2] - x[1] - x[2]) / hz < 0.01) }' && return 0
  done
  echo "settle: the server is still busy after 15 s" >&2
}
