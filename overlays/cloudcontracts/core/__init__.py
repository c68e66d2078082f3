"""The plumbing every operation of both documents goes through, decided once for both providers.

- :mod:`.options`: the shared options of every client, validated the same way (:func:`client_options`);
  :mod:`.validation`: the checks of values passed in;
- :mod:`.http`: the one request pipeline -- the httpx2 clients behind every client and behind
  ``generated_client`` (deadline, retries with re-signing, typed errors, redaction);
- :mod:`.transport`, :mod:`.deadline_transport`, :mod:`.deadline`: body cap and decoding, rate limit,
  log, and every socket operation ending by the call's deadline; :mod:`.stateless`: no response cookies;
  :mod:`.security`, :mod:`.redaction`: keys in headers, never in texts;
- :mod:`.decoding`: a body decoded once, and the errors of unreadable ones;
- :mod:`.operations`: the operations read from the OpenAPI documents (parameters, generated function,
  paging by convention); :mod:`.params`: arguments checked against them;
- :mod:`.client`: ``call``, ``iter_pages``, ``iter_items`` for any operation (the base of both
  providers' clients); :mod:`.paging`, :mod:`.pagination`: the page plans and their sync and async
  drivers; :mod:`.months`: NCP's three-month windows.

What is a provider's own lives in :mod:`cloudcontracts.ncloud` and :mod:`cloudcontracts.hyperstack`.
"""
