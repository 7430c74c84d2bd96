## Ce que les gens tapent : /alarm on|off, liens collés, commandes inconnues

alarm-typed-disarm = 🔓 Désarmement…
alarm-words = Ou directement : <code>/alarm on</code> (armer), <code>/alarm nuit</code> (alarme de nuit), <code>/alarm off</code> (désarmer, avec le code PIN).
