# After the bot creates a notification target, it waits for the box's /register call.
push-path-waiting = ⏳ The Freebox was asked to send its notifications to <code>{ $url }</code>. Waiting for it to call me…
push-path-live = 🔔 Notifications are live: the Freebox called me. This chat will receive the Freebox's notifications. Adjust them with /notifications.
push-path-silent = ⚠️ The Freebox did not call me within 15 seconds: notifications will not arrive.
    It was asked to call <code>{ $url }</code> (NOTIF_PUBLIC_URL). Usual causes:
    • NOTIF_PUBLIC_URL points at this machine as seen from itself (127.0.0.1, localhost) or at a container-internal name: set the address the Freebox can reach (the server's IP on the home network, or a public name);
    • the port is not published (Docker: <code>ports:</code>) or not forwarded to the bot;
    • a firewall blocks the Freebox.
    Fix it, restart the bot, then turn notifications on again with /notifications.
push-path-watched = 👀 This Freebox's API version cannot send notifications to the bot (it needs API 11). The bot reads the box every 30 seconds instead: missed calls, downloads, new devices, the connection and the alarm still reach this chat.
push-path-watched-short = 👀 Saved. This Freebox cannot push to the bot (API below 11): it is read every 30 seconds instead.
