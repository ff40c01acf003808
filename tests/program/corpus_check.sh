#!/usr/bin/env bash
# The golden regression: every corpus article's record equals its golden record.
set -euo pipefail
cd "$NEWSDEAL_SOURCE_DIR"
"$NEWSDEAL" check corpus/
