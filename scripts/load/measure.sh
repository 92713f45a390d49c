# Helpers for the A/B and floor scripts (sourced, not run): wrk's figures and the server's CPU
# time per request, read from /proc/PID/stat around a run (steadier than requests per second
# when other work shares the machine). SERVER_PID names the server.

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
