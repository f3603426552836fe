#!/usr/bin/env bash
# Runs the benchmark and prints one table. Embedded PostgreSQL by default; --database-url postgresql://… to use
# another server. Other flags: --jobs N (per drain, default 20000), --latency-jobs N (2000),
# --concurrency 1,8,32, --connectors jdbc,pgjdbc-ng,vertx. The floor needs pgbench on the PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -pl procrastinate-bench -am -DskipTests package exec:java -Dexec.args="$*"
