"""Reading documents into plain facts: no RDF, no store.

Owns: decoding and layout repair (text.py), section finding (sections.py), the indicator scheme
(scheme.py) and country names (countries.py) that parsing needs, the profile reader (profile.py),
the policy-template reader (policy.py) and the phrase rules as data (rules/).
May import: nothing of cyberkg outside `cyberkg.sources`.
"""
