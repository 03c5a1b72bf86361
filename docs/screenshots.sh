#!/usr/bin/env bash
# Text "screenshots" of govreport on an 80-column terminal, for the documentation.
#
# Each command runs in a real pseudo-terminal (a private tmux server, 80 columns wide)
# and what the terminal shows is saved with `tmux capture-pane -p` into
# docs/screenshots/NAME.txt.  Run from anywhere:
#
#     docs/screenshots.sh              # every screenshot
#     docs/screenshots.sh show         # only the ones named
#
# Needs tmux (apt-get install tmux).  GOVREPORT overrides the command (default:
# "python3 -m govreport"); COLUMNS_WIDE=120 makes the panes 120 columns instead.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/docs/screenshots"
govreport="${GOVREPORT:-python3 -m govreport}"
width="${COLUMNS_WIDE:-80}"
socket="govreport-screenshots-$$"

declare -A shots=(
  [show]="show samples/taicang-2021.txt"
  [check-show]="check --show samples/taicang-2021-error.txt"
  [diff]="diff samples/pingtan/pingtan-2020.md samples/pingtan/pingtan-2021.md"
)
order=(show check-show diff)

command -v tmux >/dev/null || { echo "screenshots.sh: tmux is not installed" >&2; exit 2; }
tmux_() { tmux -L "$socket" -f /dev/null "$@"; }
trap 'tmux_ kill-server 2>/dev/null || true' EXIT

shoot() {  # NAME ARGS: run `govreport ARGS` at $width columns, save the pane as NAME.txt
  local name="$1" args="$2" text=""
  tmux_ kill-server 2>/dev/null || true
  env -u COLUMNS -u LINES -u TMUX TERM=xterm-256color \
    tmux -L "$socket" -f /dev/null new-session -d -x "$width" -y 400 -c "$root" \
    "$govreport $args; echo __END__; sleep 60"
  for _ in $(seq 300); do
    text="$(tmux_ capture-pane -p -S 0)"
    [[ "$text" == *__END__* ]] && break
    sleep 0.2
  done
  tmux_ kill-server 2>/dev/null || true
  text="${text%%__END__*}"
  printf '$ govreport %s\n%s\n' "$args" "$(printf '%s' "$text" | sed -e 's/[[:space:]]*$//')" >"$out/$name.txt"
  echo "wrote docs/screenshots/$name.txt"
}

mkdir -p "$out"
for name in "${@:-${order[@]}}"; do
  [[ -n "${shots[$name]:-}" ]] || { echo "screenshots.sh: unknown screenshot '$name' (${order[*]})" >&2; exit 2; }
  shoot "$name" "${shots[$name]}"
done
