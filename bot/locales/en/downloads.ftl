## Downloads: /add, /downloads, .torrent and .nzb files

downloads-cmd-add = Add a download (link, magnet)
downloads-cmd-downloads = See and control downloads
downloads-cmd-document = Send a .torrent or .nzb file to download

downloads-add-usage =
    📥 <b>Add a download</b>
    <code>/add link</code>: an http(s), ftp or magnet link. Several links: one per line.
    To choose the folder, add a last line <code>dir: /Disque dur/Films</code>.
    Example:
    <code>/add https://example.org/movie.mkv
    magnet:?xt=urn:btih:…
    dir: /Disque dur/Films</code>
    You can also send me a .torrent or .nzb file (with the caption <code>dir: …</code> to choose the folder).
downloads-add-bad-item = ⚠️ I don't know what to do with “{ $item }”: I expect http(s), ftp or magnet links, and at most one <code>dir:</code> line with a folder starting with /.

downloads-added = { $count ->
    [one] 📥 Download added:
   *[other] 📥 { $count } downloads added:
}
downloads-folder = 📁 Folder: { $folder }
downloads-button-follow = 👀 Follow
downloads-followed = 👀 I'll keep this message up to date until it ends.
downloads-already-followed = 👀 This download is already followed here.

downloads-file-refused = 📎 I can only add .torrent or .nzb files. For a link, use /add.
downloads-file-too-big = 📎 This file is too big for a .torrent or .nzb file (20 MB at most).
downloads-file-unreadable = 📎 I could not fetch this file from Telegram. Try again in a moment.

downloads-title = 📥 <b>Downloads in progress</b> ({ $count })
downloads-none = 😌 No download in progress. Add one with /add or by sending me a .torrent file.
downloads-more = … and { $count ->
    [one] one more
   *[other] { $count } more
}, visible in Freebox OS.
downloads-button-switch = { $status ->
    [downloading] ▶️ Resume
    [retry] 🔁 Retry
   *[other] ⏸ Pause
}
downloads-switched = { $status ->
    [downloading] ▶️ Resumed
    [retry] 🔁 Retrying
   *[other] ⏸ Paused
}
downloads-button-remove = 🗑 Delete

downloads-percent = { $pct }%
downloads-speed = { $speed }/s
downloads-eta = { $duration } left
downloads-failed-line = failed: { $error }
downloads-status = { $status ->
    [downloading] downloading
    [stopped] paused
    [queued] queued
    [starting] starting
    [stopping] stopping
    [checking] checking
    [repairing] repairing
    [extracting] extracting
    [retry] retrying
    [seeding] done, seeding
    [done] done
    [error] failed
   *[other] { $status }
}
downloads-size = { NUMBER($value, maximumFractionDigits: 1) } { $unit }
downloads-unit-b = B
downloads-unit-kb = KB
downloads-unit-mb = MB
downloads-unit-gb = GB
downloads-unit-tb = TB
downloads-duration-seconds = { $s } s
downloads-duration-minutes = { $m } min
downloads-duration-hours = { $h } h { $m }
downloads-duration-days = { $d } d { $h } h

downloads-follow-done = ✅ Download complete: <b>{ $name }</b>
downloads-follow-error = ❌ Download failed: <b>{ $name }</b>, { $error }.
downloads-follow-gone = 🗑 This download is no longer on the Freebox.

downloads-remove-question = 🗑 Delete <b>{ $name }</b>?
downloads-remove-keep = 🗑 Remove from the list, keep the files
downloads-remove-erase = 🔥 Erase the files too
downloads-erase-question = ⚠️ Erase <b>{ $name }</b> and all its files? This cannot be undone.
downloads-erase-confirm = 🔥 Yes, erase everything
downloads-cancel = Cancel
downloads-cancelled = Cancelled: nothing was deleted.
downloads-removed = 🗑 <b>{ $name }</b> is removed from the list; its files are kept.
downloads-erased = 🔥 <b>{ $name }</b> and its files are erased.
