INSERT INTO probe.things VALUES (2, 'special');
