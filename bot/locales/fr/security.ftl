security-database-lost = ⚠️ <b>Ma base de données a été perdue</b> (supprimée ou vidée) alors que la Freebox restait appairée : la box envoyait ses notifications à une adresse que je ne connais plus.
    J'ai retiré { $count ->
        [one] la cible de notification
       *[other] les { $count } cibles de notification
    } restée{ $count ->
        [one] {""}
       *[other] s
    } sur la box : { $targets }.
    Pour retrouver les notifications, envoyez /notifications dans chaque discussion qui les veut, puis appuyez sur « 🔔 Activer les notifications ». Les membres et les invités sont aussi à inviter de nouveau avec /invite.
