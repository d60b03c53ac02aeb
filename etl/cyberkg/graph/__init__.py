"""Facts to quads: every RDF term the ETL emits is made here.

Owns: the vocabulary and IRI minting (vocab.py), a profile's quads (profile.py), a policy's quads
(policy.py), entity resolution across documents (resolve.py).
May import: `cyberkg.sources`.
"""
