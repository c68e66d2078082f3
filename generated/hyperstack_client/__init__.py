"""A client library for accessing Hyperstack Contracts and Billing API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
