#!/usr/bin/env bash
# A Spark standalone cluster on loopback for `carbonwh build --target spark`: one master and
# two workers, started from the pip-installed PySpark's `spark-class` launcher.
#
#   deploy/spark-cluster.sh up|down|status
#
# Environment: PYTHON (the venv holding PySpark, default .venv/bin/python), CARBONWH_SPARK_DIR (default
# warehouse/spark), CARBONWH_SPARK_PORT (master port, default 7077), SPARK_WORKER_MEMORY
# (per worker, default 1g). Logs and pid files go to $CARBONWH_SPARK_DIR/run/.
set -euo pipefail

PYTHON=${PYTHON:-.venv/bin/python}
SPARK_DIR=${CARBONWH_SPARK_DIR:-warehouse/spark}
PORT=${CARBONWH_SPARK_PORT:-7077}
MEMORY=${SPARK_WORKER_MEMORY:-1g}
RUN="$SPARK_DIR/run"
MASTER="spark://127.0.0.1:$PORT"
export SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS="$SPARK_DIR/tmp"

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

start() {  # name, then the spark-class arguments
    local name=$1
    shift
    if alive "$name"; then
        echo "spark $name already running (pid $(cat "$RUN/$name.pid"))"
        return
    fi
    nohup "$SPARK_CLASS" "$@" >"$RUN/$name.log" 2>&1 &
    echo $! >"$RUN/$name.pid"
}

wait_for() {  # name, log line that means ready
    for _ in $(seq 1 120); do
        grep -q "$2" "$RUN/$1.log" 2>/dev/null && return 0
        alive "$1" || { echo "spark $1 exited; see $RUN/$1.log" >&2; tail -5 "$RUN/$1.log" >&2; exit 1; }
        sleep 0.5
    done
    echo "spark $1 not ready after 60 s; see $RUN/$1.log" >&2
    exit 1
}

case "${1:-}" in
up)
    command -v java >/dev/null || { echo "java not found: run \`make system-deps\` (a JRE)" >&2; exit 2; }
    SPARK_HOME=$("$PYTHON" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))') ||
        { echo "PySpark not importable by $PYTHON: run \`make venv\`" >&2; exit 2; }
    export SPARK_HOME
    SPARK_CLASS="$SPARK_HOME/bin/spark-class"
    mkdir -p "$RUN" "$SPARK_DIR/tmp" "$SPARK_DIR/work"
    start master org.apache.spark.deploy.master.Master \
        --host 127.0.0.1 --port "$PORT" --webui-port 0
    wait_for master "Starting Spark master"
    for n in 1 2; do
        start "worker$n" org.apache.spark.deploy.worker.Worker \
            --host 127.0.0.1 --cores 1 --memory "$MEMORY" --webui-port 0 \
            --work-dir "$SPARK_DIR/work" "$MASTER"
    done
    wait_for worker1 "Successfully registered with master"
    wait_for worker2 "Successfully registered with master"
    echo "spark cluster up: $MASTER (2 workers; logs in $RUN/)"
    ;;
down)
    for name in worker2 worker1 master; do
        if alive "$name"; then
            kill "$(cat "$RUN/$name.pid")"
            echo "stopped spark $name"
        fi
        rm -f "$RUN/$name.pid"
    done
    ;;
status)
    for name in master worker1 worker2; do
        if alive "$name"; then echo "$name: up"; else echo "$name: down"; fi
    done
    ;;
*)
    echo "usage: $0 up|down|status" >&2
    exit 2
    ;;
esac
