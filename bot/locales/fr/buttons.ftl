# Inline buttons refused before they act (the button stays usable where it belongs).
button-other-chat = 🚫 Ce bouton n'est pas pour cette conversation.
button-other-person = 🚫 Ce bouton est pour quelqu'un d'autre.
