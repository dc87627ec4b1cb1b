-- Severity is graded as in China's national emergency plans: 1 = Ⅰ级 特别重大 (the most serious),
-- 2 = Ⅱ级 重大, 3 = Ⅲ级 较大, 4 = Ⅳ级 一般. Before this version 1 was the least serious and 4 the
-- most: turn every stored grade round (Flyway runs this once, in its own transaction).
UPDATE incidents SET severity = 5 - severity;
ALTER TABLE incidents ADD CONSTRAINT incidents_severity_grade CHECK (severity BETWEEN 1 AND 4);
