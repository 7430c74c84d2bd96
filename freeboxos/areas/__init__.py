"""The client's API areas: `client.contacts.search_by_number(...)` and so on.

Each area groups one part of the API over the client's single request funnel.
"""

from freeboxos.areas.downloads import DownloadsArea
from freeboxos.areas.network import LanArea, ProfilesArea, SystemArea, WifiArea
from freeboxos.areas.phone import CallsArea, ContactsArea, VoicemailArea
from freeboxos.areas.sharing import ShareLinksArea

__all__ = [
    "CallsArea",
    "ContactsArea",
    "DownloadsArea",
    "LanArea",
    "ProfilesArea",
    "ShareLinksArea",
    "SystemArea",
    "VoicemailArea",
    "WifiArea",
]
