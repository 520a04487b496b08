"""Hand a credential to the DCC Learner Credential Wallet (LCW) without any server.

Two ways in, both read from the wallet's source, openwallet-foundation-labs/
learner-credential-wallet at commit 1c46a82ba38447f164998903e88944b67fc2a2e6:

* **Deep link** (phones): ``dccrequest://request?request=<JSON>``. The ``dccrequest``
  scheme with host ``request`` is what the app registers with the OS (``app.config.js``:
  Android ``intentFilters``, iOS ``CFBundleURLSchemes``). ``app/lib/deepLinkConfig.ts``
  sends a URL containing ``request=`` to ``redirectRequestRoute``
  (``app/lib/navigationUtil.ts``), which reads the ``request`` query parameter
  (``parseWalletApiUrl`` in ``app/lib/walletRequestApi.ts``: ``query-string`` decodes it,
  then ``JSON.parse(decodeURI(...))``). A message with a ``verifiablePresentation`` is an
  offer (``IVpOffer``); ``processMessageChain`` in ``app/lib/exchanges.ts`` takes its
  ``verifiableCredential`` list and shows it for the learner to accept. The same link,
  pasted or scanned on the wallet's Add screen, takes the same path
  (``addCredentialsFrom`` in ``app/screens/AddScreen/AddScreen.tsx``, via ``isDeepLink``).
  ``https://lcw.app/request?request=…`` would work too, but would send the credential to
  lcw.app's web server; the custom scheme keeps it on the device.
* **Scanned URL** (desktops, as a QR code): a plain ``https://`` address. The Add screen
  (``credentialsFrom`` in ``app/lib/decode.ts``) fetches any text matching
  ``^https?://.+`` and reads the response as a credential or presentation in JSON, so the
  address of the badge's ``credential.json`` imports it. The badge page's own address
  does not: it is HTML.

Because the wallet runs ``decodeURI`` on the already-decoded parameter, a ``%`` in the
credential would be decoded a second time (corrupting it, or failing). Inside JSON a
``%`` can only occur in a string, so it is written as the JSON escape ``\\u0025``: the
parsed credential is unchanged and the link survives both decodings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

DEEP_LINK = "dccrequest://request"
"""The deep link prefix the wallet registers (``app.config.js``)."""
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
CREDENTIAL_FILE = "credential.json"
_PERCENT = "\\u0025"
"""``%`` as a JSON escape (see the module docstring)."""
"""The credential's JSON, published in its badge folder."""


def wallet_offer(credential: Mapping[str, Any]) -> dict[str, Any]:
    """The wallet API offer (``IVpOffer``) of one credential: an unsigned presentation
    holding it."""
    return {"verifiablePresentation": {
        "@context": [VC_V2_CONTEXT],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [dict(credential)],
    }}


def wallet_deep_link(credential: Mapping[str, Any]) -> str:
    """The ``dccrequest://`` link that offers ``credential`` to the wallet."""
    text = json.dumps(wallet_offer(credential), ensure_ascii=False, separators=(",", ":"))
    return f"{DEEP_LINK}?request={quote(text.replace('%', _PERCENT), safe='')}"


def wallet_scan_url(credential_id: str) -> str:
    """The address a wallet's scanner imports: the badge's ``credential.json`` (the
    credential id is its badge page, a folder URL)."""
    return credential_id + CREDENTIAL_FILE
