"""`python -m bot` is the same as the `freebox-bot` command."""

from bot.cli import main

raise SystemExit(main())
