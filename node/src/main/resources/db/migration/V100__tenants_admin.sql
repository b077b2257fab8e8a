-- Managing company accounts has a permission of its own, TENANTS_ADMIN (issue 25, docs/saas.md);
-- before, it took TRUST_ADMIN in the operator's account. The operator's custom roles and API keys
-- that held TRUST_ADMIN keep what they could do: they gain TENANTS_ADMIN. (The ADMIN role holds
-- every permission. Other accounts can't call the tenant service at all.) Run as the schema's
-- owner, which row-level security does not bind.
UPDATE custom_role
   SET permissions = array_append(permissions, 'TENANTS_ADMIN')
 WHERE tenant_id = 'default'
   AND 'TRUST_ADMIN' = ANY (permissions)
   AND NOT 'TENANTS_ADMIN' = ANY (permissions);

UPDATE api_token
   SET permissions = array_append(permissions, 'TENANTS_ADMIN')
 WHERE tenant_id = 'default'
   AND permissions IS NOT NULL
   AND 'TRUST_ADMIN' = ANY (permissions)
   AND NOT 'TENANTS_ADMIN' = ANY (permissions);
