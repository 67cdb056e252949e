"""The recruiting pipeline: stages, single and bulk moves, notes, ratings, history."""
