"""Everything a person reads: findings sentences, report tables and notes, in the report's language."""
