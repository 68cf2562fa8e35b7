"""e-Office ingestion: Standard Webhooks verification, dedupe by ``webhook-id``, event mapping to
workflow actions, dead letters and replay; outbound notifications signed the same way.

- :mod:`.secrets`  the ``whsec_`` secrets of each tenant and source (rotation, revocation)
- :mod:`.receive`  check, verify and store a delivery before acknowledging it
- :mod:`.mapping`  event types → actions with JMESPath field paths, validated on save
- :mod:`.actions`  what each action does (through functions/services)
- :mod:`.process`  apply a stored delivery exactly once, or park it as a dead letter; replay
- :mod:`.dispatch` the one seam between acknowledging and processing (thread or async Lambda)
- :mod:`.outbound` notifications to the e-office system (task.opened, skp.approved,
  predikat.set): stored, sent signed by the worker, retried with back-off
- :mod:`.subscriptions` the admin's side of outbound: subscribe, list, delete, resend
"""
