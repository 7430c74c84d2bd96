# Robustness: what people see when the bot stops or the box is slow.

pair-interrupted = ⏹ Le bot s'est arrêté pendant l'association. Relancez /pair quand il sera de retour.
