#!/bin/sh
# The suite's last test (a ctest fixture cleanup): no process the tests started is still
# running. Tests put their data under TMPDIR=<build>/test-tmp (tertial_test sets it), so a
# process whose arguments or working directory point there was left behind by a test.
# Lists each (pid, parent, command line), kills it, and fails.
set -u
root=$1
me=$$
found=0
for dir in /proc/[0-9]*; do
  pid=${dir#/proc/}
  [ "$pid" = "$me" ] && continue
  cmdline=$(tr '\0' ' ' < "$dir/cmdline" 2>/dev/null) || continue
  [ -n "$cmdline" ] || continue
  cwd=$(readlink "$dir/cwd" 2>/dev/null || true)
  case "$cmdline $cwd/" in
    *"$root/"*)
      case "$cmdline" in *no_leftover_processes*) continue ;; esac
      ppid=$(awk '/^PPid:/ {print $2}' "$dir/status" 2>/dev/null)
      echo "left behind by a test: pid $pid (parent $ppid): $cmdline"
      kill -9 "$pid" 2>/dev/null
      found=1
      ;;
  esac
done
if [ "$found" = 1 ]; then
  echo "FAIL: tests left the processes above running (killed now)"
  exit 1
fi
echo "no process left behind under $root"
