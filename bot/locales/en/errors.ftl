# Robustness: what people see when the bot stops or the box is slow.

pair-interrupted = ⏹ The bot stopped while pairing. Run /pair again once it is back.
