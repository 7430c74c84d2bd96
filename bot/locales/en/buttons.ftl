# Inline buttons refused before they act (the button stays usable where it belongs).
button-other-chat = 🚫 This button is not for this chat.
button-other-person = 🚫 This button is for someone else.
