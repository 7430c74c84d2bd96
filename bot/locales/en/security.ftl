security-database-lost = ⚠️ <b>My database was lost</b> (deleted or emptied) while the Freebox stayed paired: the box was sending its notifications to an address I no longer know.
    I removed the { $count ->
        [one] notification target
       *[other] { $count } notification targets
    } left on the box: { $targets }.
    To get notifications back, send /notifications in each chat that wants them, then press “🔔 Turn notifications on”. Members and guests need a new invitation too (/invite).
