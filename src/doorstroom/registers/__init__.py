"""Import of today's registers (spreadsheets kept by VDAB and ESF before doorstroom).

Each row goes through the same services, and so the same rules, as the API: a row the rules
refuse is a rejected row with its reasons, never a silent write. One sheet is one transaction:
all of its rows, or none. A second run of the same file adds nothing (natural keys).
"""
