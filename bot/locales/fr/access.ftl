## Le contrôle d'accès et les invitations

access-unknown-command = 🤔 Je ne connais pas cette commande. Tapez /help pour voir ce que je sais faire.
access-invite-usage = Utilisation : <code>/invite [membre|invité] [heures]</code>, par exemple <code>/invite invité 48</code>. Par défaut : membre, valable 24 h (au plus 720 h).
access-invite-no-owner = 🔒 Une invitation fait un membre ou un invité, jamais un propriétaire. Les propriétaires sont ceux que nomme <code>BOT_OWNER_IDS</code> dans la configuration du bot.
