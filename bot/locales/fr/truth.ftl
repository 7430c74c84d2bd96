## Messages qui restent vrais : photo d'une clé révoquée, événements manqués

truth-guest-photo-revoked = 🚫 <b>Accès Wi-Fi invité révoqué</b> : ce QR code et ce mot de passe ne fonctionnent plus.
truth-missed-while-stopped = ⏸ <b>Pendant que le bot était arrêté :</b>
