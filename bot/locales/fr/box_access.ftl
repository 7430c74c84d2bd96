## Accès du bot à la Freebox : association depuis la maison, accès révoqué

pair-revoked = ⛔ La Freebox ne reconnaît plus cette demande : l'application a été révoquée dans Freebox OS. Relancez /pair pour l'associer de nouveau.
pair-from-outside = 🏠 La Freebox n'accepte une nouvelle application que depuis le réseau de la maison. Lancez /pair quand le bot tourne sur un appareil branché à la Freebox (Wi-Fi ou câble), ou réglez FREEBOX_URL sur l'adresse locale https://mafreebox.freebox.fr, puis relancez /pair.
pair-ratelimited = ⏳ La Freebox refuse pour l'instant : trop d'erreurs d'authentification depuis l'adresse du bot. Attendez quelques minutes, puis relancez /pair.
pair-new-apps-denied = 🔒 La Freebox n'accepte plus de nouvelles applications. Autorisez-les dans Freebox OS (Paramètres de la Freebox › Gestion des accès), puis relancez /pair.
pair-apps-denied = 🔒 L'accès des applications est désactivé sur la Freebox. Réactivez-le dans Freebox OS (Paramètres de la Freebox › Gestion des accès), puis relancez /pair.

access-revoked = ⛔ La Freebox refuse l'accès du bot : son autorisation a été révoquée (application supprimée, ou mot de passe administrateur réinitialisé). Relancez /pair pour l'associer de nouveau, puis cochez ses droits dans Freebox OS : Paramètres de la Freebox › Gestion des accès › Applications › Freebox Bot. D'ici là, le bot réessaie de moins en moins souvent.
access-ratelimited = ⏳ La Freebox refuse les connexions du bot : trop d'erreurs d'authentification depuis son adresse. Le bot réessaie de moins en moins souvent. Si son accès a été révoqué, relancez /pair.
access-restored = ✅ La Freebox accepte de nouveau le bot.

password-change-permissions = Si le mot de passe a été réinitialisé, les droits du bot l'ont été aussi : vérifiez-les dans Freebox OS, Paramètres de la Freebox › Gestion des accès › Applications › Freebox Bot.

box-access-revoked = ⛔ La Freebox refuse l'accès du bot : son autorisation a été révoquée. Le propriétaire peut relancer /pair.
box-access-ratelimited = ⏳ La Freebox refuse pour l'instant les connexions du bot (trop d'erreurs d'authentification). Réessayez plus tard.
