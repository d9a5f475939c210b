"""The problem types of the demo catalogue, one module per line of business. Pure data, no Django import.

Within a problem type every subject, description and resolution can be combined with every other: they
tell one story, whose root cause the resolution reveals. Text is written channel-neutral (a case may have
come by phone, chat, e-mail or a store visit).
"""
