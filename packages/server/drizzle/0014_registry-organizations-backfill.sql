-- Registry entries stored their organisation inside the entry (jsonb). Link every such entry to one deduplicated
-- `organizations` row: by unified social credit code when given, else by normalised name (the SQL twin of
-- normalizeKey in domains/registry/normalize.ts: NFKC, lower case, no spaces or punctuation). An organisation that
-- already exists (same code, or same exact name) is reused. Idempotent: only entries without organization_id change.
INSERT INTO "registry_organization_keys" ("key", "organization_id")
SELECT DISTINCT ON (k."key") k."key", o."id"
FROM (
  SELECT 'uscc:' || ("organization"->>'unifiedSocialCreditCode') AS "key", "organization"->>'unifiedSocialCreditCode' AS "uscc"
  FROM "registry_resources"
  WHERE "organization_id" IS NULL AND coalesce("organization"->>'unifiedSocialCreditCode', '') <> ''
) k
JOIN "organizations" o ON o."unified_social_credit_code" = k."uscc"
ORDER BY k."key", o."created_at", o."id"
ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
INSERT INTO "registry_organization_keys" ("key", "organization_id")
SELECT DISTINCT ON (k."key") k."key", o."id"
FROM (
  SELECT 'name:' || lower(regexp_replace(normalize("organization"->>'name', NFKC), '[[:space:][:punct:]、。，；：？！“”‘’《》〈〉【】「」『』·—…～]', '', 'g')) AS "key",
    btrim("organization"->>'name') AS "name"
  FROM "registry_resources"
  WHERE "organization_id" IS NULL AND "organization" IS NOT NULL AND coalesce("organization"->>'unifiedSocialCreditCode', '') = ''
) k
JOIN "organizations" o ON o."name" = k."name"
ORDER BY k."key", o."created_at", o."id"
ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
WITH keyed AS (
  SELECT "id",
    CASE WHEN coalesce("organization"->>'unifiedSocialCreditCode', '') <> ''
      THEN 'uscc:' || ("organization"->>'unifiedSocialCreditCode')
      ELSE 'name:' || lower(regexp_replace(normalize("organization"->>'name', NFKC), '[[:space:][:punct:]、。，；：？！“”‘’《》〈〉【】「」『』·—…～]', '', 'g'))
    END AS "key",
    btrim("organization"->>'name') AS "name",
    nullif("organization"->>'unifiedSocialCreditCode', '') AS "uscc",
    nullif("organization"->>'website', '') AS "website"
  FROM "registry_resources"
  WHERE "organization_id" IS NULL AND "organization" IS NOT NULL
), fresh AS (
  SELECT DISTINCT ON ("key") * FROM keyed
  WHERE NOT EXISTS (SELECT 1 FROM "registry_organization_keys" rk WHERE rk."key" = keyed."key")
  ORDER BY "key", "id"
), created AS (
  INSERT INTO "organizations" ("id", "name", "kind", "unified_social_credit_code", "website")
  SELECT 'org_' || substr(md5("key"), 1, 24), "name", 'provider', "uscc", "website" FROM fresh
  ON CONFLICT ("id") DO NOTHING
  RETURNING "id"
)
INSERT INTO "registry_organization_keys" ("key", "organization_id")
SELECT "key", 'org_' || substr(md5("key"), 1, 24) FROM fresh
ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
INSERT INTO "registry_organization_keys" ("key", "organization_id")
SELECT DISTINCT ON (n."key") n."key", rk."organization_id"
FROM (
  SELECT 'uscc:' || ("organization"->>'unifiedSocialCreditCode') AS "code_key",
    'name:' || lower(regexp_replace(normalize("organization"->>'name', NFKC), '[[:space:][:punct:]、。，；：？！“”‘’《》〈〉【】「」『』·—…～]', '', 'g')) AS "key",
    "id"
  FROM "registry_resources"
  WHERE "organization_id" IS NULL AND coalesce("organization"->>'unifiedSocialCreditCode', '') <> ''
) n
JOIN "registry_organization_keys" rk ON rk."key" = n."code_key"
ORDER BY n."key", n."id"
ON CONFLICT ("key") DO NOTHING;
--> statement-breakpoint
UPDATE "registry_resources" r SET "organization_id" = rk."organization_id"
FROM "registry_organization_keys" rk
WHERE r."organization_id" IS NULL AND r."organization" IS NOT NULL
  AND rk."key" = CASE WHEN coalesce(r."organization"->>'unifiedSocialCreditCode', '') <> ''
    THEN 'uscc:' || (r."organization"->>'unifiedSocialCreditCode')
    ELSE 'name:' || lower(regexp_replace(normalize(r."organization"->>'name', NFKC), '[[:space:][:punct:]、。，；：？！“”‘’《》〈〉【】「」『』·—…～]', '', 'g'))
  END;
