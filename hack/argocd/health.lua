local hs = {status = "Progressing", message = "Waiting for the operator"}
if obj.status == nil or obj.status.observedGeneration ~= obj.metadata.generation then
  return hs
end
local conds = {}
for _, c in ipairs(obj.status.conditions or {}) do conds[c.type] = c end
local function says(c) return c.reason .. ": " .. (c.message or "") end
if conds.Stalled ~= nil and conds.Stalled.status == "True" then
  return {status = "Degraded", message = says(conds.Stalled)}
end
if obj.metadata.annotations ~= nil and obj.metadata.annotations["sftpgo.operator.dev/paused"] == "true" then
  return {status = "Suspended", message = "Paused by the sftpgo.operator.dev/paused annotation"}
end
if conds.Reconciling ~= nil and conds.Reconciling.status == "True" then
  return {status = "Progressing", message = says(conds.Reconciling)}
end
if conds.Ready ~= nil then
  return {status = "Healthy", message = says(conds.Ready)}
end
return hs
