-- The inbox list walks a tenant's episodes by (priority, updated_at, id), newest-most-urgent first; keyset pages seek here.
CREATE INDEX episodes_tenant_walk ON alert.episodes (tenant, priority DESC, updated_at DESC, id DESC);
