// openapi-fetch by itself, calling the same ten endpoints: the floor our client builds on.
import createClient from "openapi-fetch";

/** @type {import("openapi-fetch").Client<import("@cf-user-groups/types").paths>} */
const client = createClient({
  baseUrl: "https://api.cloudflare.com/client/v4",
  headers: { Authorization: "Bearer token" },
});
const path = {
  account_id: "023e105f4ecef8ad9ca31a8372d0c353",
  user_group_id: "6d7f2f5f5b1d4a0e9081fdc98d432fd1",
};
const member = { ...path, member_id: "4f5f0c14a2a41d5063dd301b2f829f04" };

export const calls = [
  client.GET("/accounts/{account_id}/iam/user_groups", { params: { path } }),
  client.GET("/accounts/{account_id}/iam/user_groups/{user_group_id}", { params: { path } }),
  client.POST("/accounts/{account_id}/iam/user_groups", { params: { path }, body: { name: "Auditors" } }),
  client.PUT("/accounts/{account_id}/iam/user_groups/{user_group_id}", { params: { path }, body: {} }),
  client.DELETE("/accounts/{account_id}/iam/user_groups/{user_group_id}", { params: { path } }),
  client.GET("/accounts/{account_id}/iam/user_groups/{user_group_id}/members", { params: { path } }),
  client.GET("/accounts/{account_id}/iam/user_groups/{user_group_id}/members/{member_id}", {
    params: { path: member },
  }),
  client.POST("/accounts/{account_id}/iam/user_groups/{user_group_id}/members", {
    params: { path },
    body: [],
  }),
  client.PUT("/accounts/{account_id}/iam/user_groups/{user_group_id}/members", {
    params: { path },
    body: [],
  }),
  client.DELETE("/accounts/{account_id}/iam/user_groups/{user_group_id}/members/{member_id}", {
    params: { path: member },
  }),
];
