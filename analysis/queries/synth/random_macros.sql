-- Deterministic pseudo-random numbers for the synthetic generator: a hash of (seed, row, purpose),
-- so the same seed gives the same rows whatever the thread count (random() would not).
-- Temporary: they live only on the generator's connection and are never saved in the database.
create or replace temp macro synth_uniform(seed, row_number, purpose) as
    (hash(seed, row_number, purpose) % 1000000007) / 1000000007.0;

create or replace temp macro synth_pick(seed, row_number, purpose, choices) as
    choices[1 + (hash(seed, row_number, purpose) % len(choices))::integer];
