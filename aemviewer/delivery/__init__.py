"""The AEM Assets Delivery API as a typed async library: references, modifiers, endpoints, the client,
its errors, metadata and search. No Qt.

No facade: import from the module that defines a name (`aemviewer.delivery.reference`, …), so that
importing a light module never pulls in httpx.
"""
