## Why a download failed (the box's task error codes)

download-reason-internal = an internal error of the Freebox
download-reason-disk_full = the disk is full
download-reason-unknown = an unknown error
download-reason-parse_error = the file or link could not be read
download-reason-http = the server answered with HTTP error { $status }
download-reason-http_redirections_exceeded = the link redirects too many times
download-reason-nzb_no_group = the newsgroup is not on the server
download-reason-nzb_not_found = an article is not on the server
download-reason-nzb_invalid_crc = an article is damaged (bad checksum)
download-reason-nzb_invalid_size = an article has the wrong size
download-reason-nzb_invalid_filename = a file name is invalid
download-reason-nzb_open_failed = a file could not be opened
download-reason-nzb_write_failed = a file could not be written
download-reason-nzb_missing_size = an article has no size
download-reason-nzb_decode_error = an article could not be decoded
download-reason-nzb_missing_segments = parts of an article are missing
download-reason-nzb_error = a newsgroup error
download-reason-unknown_host = the server's name is unknown
download-reason-timeout = the server took too long to answer
download-reason-bad_authentication = the username or password was refused
download-reason-connection_refused = the server refused the connection
download-reason-nzb_authentication_required = the newsgroup server asks for a login
download-reason-bt_tracker_error = the torrent's tracker could not be reached
download-reason-bt_missing_files = the torrent's files are missing
download-reason-bt_file_error = the torrent's files could not be read or written
download-reason-missing_ctx_file = the download's progress file is gone (check the disk)
download-reason-other = error “{ $code }”

## Pushed by the Freebox

download-error-why = ❌ Download failed: <b>{ $name }</b>, { $reason }.
download-fallback = a download
lan-first-connection-details = 🆕 New device on the network: <b>{ $name }</b>{ $details }
lan-fallback-device = a device ({ $mac })
lan-detail-ip = IP { $ip }
lan-detail-vendor = made by { $vendor }
alarm-triggered = 🚨 <b>The alarm went off</b> at { $time }.
alarm-triggered-by = 🚨 <b>The alarm went off</b> at { $time }: { $sensor }.
alarm-event = 🚨 <b>Alarm</b> at { $time }: { $event }

## Downloads

downloads-button-follow-named = 👀 Follow: { $name }
