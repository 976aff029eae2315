/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "dc-collection-store-private.h"
#include "dc-list-items.h"
#include "dc-sync-test.h"

/* The local model alone: edits, the rules it checks, what lists and totals show, and how a
 * server answer lands on top of edits still pending. The server's side is played by hand
 * with the real wire types; test-sync-engine does it against the real server. */

static char *tmp_dir;

typedef struct
{
  char              *path;
  DcCollectionStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static guint n;
  g_autofree char *name = g_strdup_printf ("account-%u", n++);

  fixture->path = dc_sync_test_make_db (tmp_dir, name);
  fixture->store = dc_sync_test_open_store (fixture->path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  dc_sync_test_drain ();
  g_clear_object (&fixture->store);
  g_free (fixture->path);
}

static DcInventoryRow *
inventory_row (DcCollectionStore *store,
               const char        *id)
{
  g_autoptr(GError) error = NULL;
  DcInventoryRow *row = dc_collection_store_get_inventory_item (store, id, &error);

  g_assert_no_error (error);
  return row;
}

static JsonObject *
fields_of (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
count_cb (gpointer self,
          guint    entity,
          gpointer user_data)
{
  (*(guint *) user_data)++;
}

static void
flag_cb (gpointer self,
         gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_add_card_shows_at_once (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(DcInventoryRow) row = NULL;
  guint changed = 0;

  g_signal_connect (fixture->store, "items-changed", G_CALLBACK (count_cb), &changed);

  id = dc_collection_store_add_card (fixture->store, BOLT_FCA, "nonfoil", "NM", "en", 2,
                                     &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));

  /* Readable at once, with the catalog's name and price and the valuation. */
  rows = dc_collection_store_list_inventory (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  row = g_list_model_get_item (rows, 0);
  g_assert_cmpstr (dc_inventory_row_get_id (row), ==, id);
  g_assert_cmpstr (dc_inventory_row_get_name (row), ==, "Lightning Bolt");
  g_assert_cmpstr (dc_inventory_row_get_set_code (row), ==, "fca");
  g_assert_cmpstr (dc_inventory_row_get_collector_number (row), ==, "40");
  g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 2);
  g_assert_cmpint (dc_inventory_row_get_unit_price (row), ==, 376);
  g_assert_cmpint (dc_inventory_row_get_value (row), ==, 752);
  g_assert_true (dc_inventory_row_get_pending (row));

  /* One change waits for the server, and the lists heard about it. */
  g_assert_cmpuint (dc_collection_store_get_pending_count (fixture->store), ==, 1);
  dc_sync_test_drain ();
  g_assert_cmpuint (changed, ==, 1);
}

static void
test_edits_and_pending_count (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(DcInventoryRow) row = NULL;
  g_autoptr(JsonObject) notes = fields_of ("{\"notes\":\"binder 2\",\"condition\":\"LP\"}");
  g_autoptr(DcSyncRequest) batch = NULL;
  guint pending;

  id = dc_collection_store_add_card (fixture->store, SOL_RING, NULL, NULL, NULL, 1, &error);
  g_assert_no_error (error);
  pending = dc_collection_store_get_pending_count (fixture->store);

  /* Clicking "+" three times is one pending change, not three… */
  for (int i = 0; i < 3; i++)
    {
      g_assert_true (dc_collection_store_adjust_quantity (fixture->store, id, 1, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (dc_collection_store_get_pending_count (fixture->store), ==, pending + 1);
  /* …and "+1, −1" is none. */
  g_assert_true (dc_collection_store_adjust_quantity (fixture->store, id, -3, &error));
  g_assert_cmpuint (dc_collection_store_get_pending_count (fixture->store), ==, pending);
  g_assert_true (dc_collection_store_adjust_quantity (fixture->store, id, 2, &error));

  g_assert_true (dc_collection_store_update (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM, id,
                                             notes, &error));
  g_assert_no_error (error);
  row = inventory_row (fixture->store, id);
  g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 3);
  g_assert_cmpstr (dc_inventory_row_get_notes (row), ==, "binder 2");
  g_assert_cmpstr (dc_inventory_row_get_condition (row), ==, "LP");
  /* LP is worth 85 %: 3 × $1.38 × 0.85 = $3.519 → $3.52 */
  g_assert_cmpint (dc_inventory_row_get_value (row), ==, 352);

  /* What would go to the server: a create, a +2 adjust, a field edit, in that order. */
  batch = _dc_collection_store_take_batch (fixture->store, 500, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->ops->len, ==, 3);
  {
    DcSyncOp *create = g_ptr_array_index (batch->ops, 0);
    DcSyncOp *adjust = g_ptr_array_index (batch->ops, 1);
    DcSyncOp *edit = g_ptr_array_index (batch->ops, 2);

    g_assert_cmpint (create->type, ==, DC_SYNC_OP_UPSERT);
    g_assert_cmpstr (json_object_get_string_member (create->fields, "card_id"), ==, SOL_RING);
    g_assert_cmpint (adjust->type, ==, DC_SYNC_OP_ADJUST);
    g_assert_cmpint (adjust->quantity_delta, ==, 2);
    g_assert_cmpint (edit->type, ==, DC_SYNC_OP_UPSERT);
    g_assert_cmpstr (json_object_get_string_member (edit->fields, "notes"), ==, "binder 2");
    g_assert_false (json_object_has_member (edit->fields, "quantity"));
  }
  g_assert_cmpstr (batch->device_id, ==, dc_collection_store_get_device_id (fixture->store));

  /* Once an op may have reached the server, a later edit never merges into it. */
  g_assert_true (dc_collection_store_adjust_quantity (fixture->store, id, 1, &error));
  g_assert_cmpuint (dc_collection_store_get_pending_count (fixture->store), ==, 4);
}

static void
test_rules (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *have = NULL;
  g_autofree char *again = NULL;
  g_autofree char *nothing = NULL;
  g_autoptr(JsonObject) bad_quantity = fields_of ("{\"quantity\":0}");
  g_autoptr(JsonObject) bad_want = fields_of ("{\"quantity\":2}");
  g_autoptr(JsonObject) bad_condition = fields_of ("{\"condition\":\"Mint-ish\"}");
  g_autoptr(GListModel) haves = NULL;
  GListModel *have_model;
  guint pending;

  id = dc_collection_store_add_card (fixture->store, BOLT_FCA, "foil", "NM", "en", 2, &error);
  g_assert_no_error (error);
  pending = dc_collection_store_get_pending_count (fixture->store);

  g_assert_false (dc_collection_store_adjust_quantity (fixture->store, id, -2, &error));
  g_assert_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dc_collection_store_update (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM,
                                              id, bad_quantity, &error));
  g_assert_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dc_collection_store_update (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM,
                                              id, bad_condition, &error));
  g_assert_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* A want names a printing or a card. */
  nothing = dc_collection_store_create (fixture->store, DC_SYNC_ENTITY_WANT_ITEM, bad_want,
                                        &error);
  g_assert_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_INVALID);
  g_assert_null (nothing);
  g_clear_error (&error);
  /* Refused edits leave nothing behind. */
  g_assert_cmpuint (dc_collection_store_get_pending_count (fixture->store), ==, pending);

  /* At most the copies you have go on the have list, once. */
  have = dc_collection_store_mark_for_trade (fixture->store, id, 3, &error);
  g_assert_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_INVALID);
  g_assert_null (have);
  g_clear_error (&error);
  have = dc_collection_store_mark_for_trade (fixture->store, id, 2, &error);
  g_assert_no_error (error);
  again = dc_collection_store_mark_for_trade (fixture->store, id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (have, ==, again);
  haves = dc_collection_store_list_have (fixture->store, &error);
  g_assert_cmpuint (g_list_model_get_n_items (haves), ==, 1);
  {
    g_autoptr(DcHaveRow) row = g_list_model_get_item (haves, 0);
    g_autoptr(DcInventoryRow) inv = inventory_row (fixture->store, id);

    g_assert_cmpstr (dc_have_row_get_name (row), ==, "Lightning Bolt");
    g_assert_cmpint (dc_have_row_get_quantity (row), ==, 1);
    g_assert_cmpint (dc_have_row_get_inventory_quantity (row), ==, 2);
    g_assert_cmpstr (dc_inventory_row_get_have_id (inv), ==, have);
    g_assert_cmpint (dc_inventory_row_get_have_quantity (inv), ==, 1);
  }

  /* Deleting the card takes it off the have list too, at once (the page's list as well). */
  have_model = dc_collection_store_get_have_model (fixture->store);
  while (g_list_model_get_n_items (have_model) != 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (dc_collection_store_delete (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM, id,
                                             &error));
  g_assert_no_error (error);
  while (g_list_model_get_n_items (have_model) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&haves);
  haves = dc_collection_store_list_have (fixture->store, &error);
  g_assert_cmpuint (g_list_model_get_n_items (haves), ==, 0);
  g_assert_null (dc_collection_store_get_inventory_item (fixture->store, id, &error));
  g_assert_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dc_collection_store_adjust_quantity (fixture->store, id, 1, &error));
  g_assert_error (error, DC_COLLECTION_STORE_ERROR, DC_COLLECTION_STORE_ERROR_NOT_FOUND);
}

static void
test_have_follows_its_inventory (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) notes = fields_of ("{\"notes\":\"only mint trades\"}");
  g_autofree char *id = NULL;
  g_autofree char *have = NULL;
  g_autoptr(DcHaveRow) row = NULL;

  id = dc_collection_store_add_card (fixture->store, SOL_RING, NULL, NULL, NULL, 3, &error);
  have = dc_collection_store_mark_for_trade (fixture->store, id, 3, &error);
  g_assert_no_error (error);

  /* Two copies sold: the offer shrinks with them, as the server will make it… */
  g_assert_true (dc_collection_store_adjust_quantity (fixture->store, id, -2, &error));
  row = dc_collection_store_get_have_item (fixture->store, have, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dc_have_row_get_quantity (row), ==, 1);
  g_assert_cmpint (dc_have_row_get_inventory_quantity (row), ==, 1);

  /* …and the offer can still be edited. */
  g_assert_true (dc_collection_store_update (fixture->store, DC_SYNC_ENTITY_HAVE_ITEM, have,
                                             notes, &error));
  g_assert_no_error (error);
  g_clear_object (&row);
  row = dc_collection_store_get_have_item (fixture->store, have, &error);
  g_assert_cmpstr (dc_have_row_get_notes (row), ==, "only mint trades");
  g_assert_cmpint (dc_have_row_get_quantity (row), ==, 1);
}

static void
test_want_list (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) printing = fields_of ("{\"card_id\":\"" COUNTER_FCA "\","
                                              "\"quantity\":2,\"condition_min\":\"LP\","
                                              "\"target_price\":\"3.00\",\"priority\":\"high\"}");
  g_autoptr(JsonObject) any = fields_of ("{\"oracle_id\":\"" BOLT_ORACLE "\",\"finish\":\"foil\"}");
  g_autoptr(JsonObject) edit = fields_of ("{\"quantity\":4,\"is_public\":false}");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GListModel) wants = NULL;
  g_autoptr(DcWantRow) a = NULL;
  g_autoptr(DcWantRow) b = NULL;

  first = dc_collection_store_create (fixture->store, DC_SYNC_ENTITY_WANT_ITEM, printing,
                                      &error);
  g_assert_no_error (error);
  second = dc_collection_store_create (fixture->store, DC_SYNC_ENTITY_WANT_ITEM, any, &error);
  g_assert_no_error (error);
  g_assert_true (dc_collection_store_update (fixture->store, DC_SYNC_ENTITY_WANT_ITEM, first,
                                             edit, &error));
  g_assert_no_error (error);

  wants = dc_collection_store_list_want (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (wants), ==, 2);
  a = dc_sync_test_find_row (wants, first);
  b = dc_sync_test_find_row (wants, second);
  g_assert_cmpstr (dc_want_row_get_name (a), ==, "Counterspell");
  g_assert_cmpint (dc_want_row_get_quantity (a), ==, 4);
  g_assert_cmpstr (dc_want_row_get_priority (a), ==, "high");
  g_assert_cmpint (dc_want_row_get_target_price (a), ==, 300);
  /* "Any printing" shows the card's name and its cheapest printing in the finish wanted. */
  g_assert_cmpstr (dc_want_row_get_name (b), ==, "Lightning Bolt");
  g_assert_cmpstr (dc_want_row_get_card_id (b), ==, NULL);
  {
    gboolean any_printing;
    gint64 price;

    g_object_get (b, "any-printing", &any_printing, "unit-price", &price, NULL);
    g_assert_true (any_printing);
    g_assert_cmpint (price, ==, 768);
  }

  g_assert_true (dc_collection_store_delete (fixture->store, DC_SYNC_ENTITY_WANT_ITEM, second,
                                             &error));
  g_clear_object (&wants);
  wants = dc_collection_store_list_want (fixture->store, &error);
  g_assert_cmpuint (g_list_model_get_n_items (wants), ==, 1);
}

static void
test_totals (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bolts = fields_of ("{\"card_id\":\"" BOLT_FCA "\",\"quantity\":2,"
                                           "\"acquisition_price\":\"2.00\"}");
  g_autoptr(JsonObject) ring = fields_of ("{\"card_id\":\"" SOL_RING "\",\"quantity\":1,"
                                          "\"condition\":\"HP\"}");
  g_autoptr(JsonObject) euro = fields_of ("{\"card_id\":\"" COUNTER_FCA "\",\"quantity\":1,"
                                          "\"acquisition_price\":\"9.00\","
                                          "\"acquisition_currency\":\"EUR\"}");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  DcCollectionTotals totals;

  a = dc_collection_store_create (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM, bolts, &error);
  b = dc_collection_store_create (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM, ring, &error);
  c = dc_collection_store_create (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM, euro, &error);
  g_assert_no_error (error);

  g_assert_true (dc_collection_store_compute_totals (fixture->store, &totals, &error));
  g_assert_cmpuint (totals.items, ==, 3);
  g_assert_cmpint (totals.cards, ==, 4);
  /* 2 × 3.76 + 1 × 1.38 × 0.55 (HP) + 1 × 2.80 = 7.52 + 0.76 + 2.80 */
  g_assert_cmpint (totals.value, ==, 752 + 76 + 280);
  g_assert_cmpuint (totals.priced_items, ==, 3);
  /* Only the dollars paid count towards the cost basis and the profit. */
  g_assert_cmpint (totals.cost_basis, ==, 400);
  g_assert_cmpint (totals.profit, ==, 752 - 400);
}

/* A server answer built by hand, as the server would send it. */
static JsonObject *
server_inventory_row (const char *id,
                      const char *card_id,
                      int         quantity,
                      const char *notes,
                      gint64      rev,
                      gboolean    deleted)
{
  g_autoptr(DcInventoryItem) item = dc_inventory_item_new ();

  item->id = g_strdup (id);
  item->card_id = g_strdup (card_id);
  item->quantity = quantity;
  item->notes = g_strdup (notes);
  item->rev = rev;
  item->deleted = deleted;
  item->created_at = item->updated_at = 1700000000000;
  return dc_inventory_item_to_json (item);
}

static DcSyncResponse *
answer_all_ok (DcSyncRequest *request,
               JsonObject    *row,
               gint64         cursor)
{
  DcSyncResponse *response = dc_sync_response_new ();

  for (guint i = 0; i < request->ops->len; i++)
    {
      DcSyncOp *op = g_ptr_array_index (request->ops, i);
      DcSyncResult *result = dc_sync_result_new (op->op_id, DC_SYNC_STATUS_OK);

      result->row = row ? json_object_ref (row) : NULL;
      g_ptr_array_add (response->results, result);
    }
  response->cursor = cursor;
  return response;
}

static void
test_server_change_under_pending_edit (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(DcSyncRequest) first = NULL;
  g_autoptr(DcSyncResponse) first_answer = NULL;
  g_autoptr(DcSyncRequest) second = NULL;
  g_autoptr(DcSyncResponse) second_answer = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) elsewhere = NULL;
  g_autoptr(JsonObject) note = fields_of ("{\"notes\":\"mine\"}");
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(DcInventoryRow) row = NULL;

  id = dc_collection_store_add_card (fixture->store, BOLT_FCA, NULL, NULL, NULL, 1, &error);
  first = _dc_collection_store_take_batch (fixture->store, 500, &error);
  g_assert_no_error (error);
  created = server_inventory_row (id, BOLT_FCA, 1, NULL, 10, FALSE);
  first_answer = answer_all_ok (first, created, 10);
  notices = _dc_collection_store_apply_response (fixture->store, first, first_answer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 0);
  g_clear_pointer (&notices, g_ptr_array_unref);
  g_assert_cmpuint (dc_collection_store_get_pending_count (fixture->store), ==, 0);
  row = inventory_row (fixture->store, id);
  g_assert_false (dc_inventory_row_get_pending (row));
  g_clear_object (&row);

  /* Here: +2 and a note, not yet sent. There: someone set quantity 5 and another note. */
  g_assert_true (dc_collection_store_adjust_quantity (fixture->store, id, 2, &error));
  g_assert_true (dc_collection_store_update (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM, id,
                                             note, &error));
  second = dc_sync_request_new ();   /* a sync that sent nothing (the edits came later) */
  second_answer = dc_sync_response_new ();
  elsewhere = server_inventory_row (id, BOLT_FCA, 5, "theirs", 12, FALSE);
  json_object_set_string_member (elsewhere, "condition", "MP");
  g_ptr_array_add (second_answer->changes,
                   dc_sync_change_new (DC_SYNC_ENTITY_INVENTORY_ITEM, id, 12, FALSE, elsewhere));
  second_answer->cursor = 12;
  notices = _dc_collection_store_apply_response (fixture->store, second, second_answer, &error);
  g_assert_no_error (error);

  /* The user's pending edits stay on top of the newer server row: +2 on the server's 5,
   * their note over the server's; the field they did not touch comes from the server. */
  row = inventory_row (fixture->store, id);
  g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 7);
  g_assert_cmpstr (dc_inventory_row_get_notes (row), ==, "mine");
  g_assert_cmpstr (dc_inventory_row_get_condition (row), ==, "MP");
  g_assert_true (dc_inventory_row_get_pending (row));

  /* An older server row arriving late changes nothing. */
  g_clear_object (&row);
  g_clear_pointer (&notices, g_ptr_array_unref);
  {
    g_autoptr(DcSyncResponse) stale = dc_sync_response_new ();
    g_autoptr(JsonObject) old = server_inventory_row (id, BOLT_FCA, 1, "old", 11, FALSE);

    g_ptr_array_add (stale->changes,
                     dc_sync_change_new (DC_SYNC_ENTITY_INVENTORY_ITEM, id, 11, FALSE, old));
    stale->cursor = 12;
    notices = _dc_collection_store_apply_response (fixture->store, second, stale, &error);
    g_assert_no_error (error);
  }
  row = inventory_row (fixture->store, id);
  g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 7);
  g_assert_cmpstr (dc_inventory_row_get_condition (row), ==, "MP");
}

static void
test_rejected_and_conflict_answers (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *fresh = NULL;
  g_autoptr(DcSyncRequest) request = NULL;
  g_autoptr(DcSyncResponse) response = dc_sync_response_new ();
  g_autoptr(JsonObject) note = fields_of ("{\"notes\":\"late\"}");
  g_autoptr(JsonObject) kept_row = NULL;
  g_autoptr(JsonObject) tombstone = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GListModel) rows = NULL;
  g_autoptr(JsonObject) envelope = fields_of ("{\"code\":\"validation.failed\","
                                              "\"message\":\"No card in the catalog has this "
                                              "card_id\"}");
  g_autoptr(JsonObject) deleted = fields_of ("{\"code\":\"sync.deleted_on_server\","
                                             "\"message\":\"This item was deleted on another "
                                             "device\"}");

  /* A row the server has, edited here; and a new row the server will refuse. */
  kept = dc_collection_store_add_card (fixture->store, SOL_RING, NULL, NULL, NULL, 1, &error);
  request = _dc_collection_store_take_batch (fixture->store, 500, &error);
  kept_row = server_inventory_row (kept, SOL_RING, 1, NULL, 3, FALSE);
  {
    g_autoptr(DcSyncResponse) ok = answer_all_ok (request, kept_row, 3);
    g_autoptr(GPtrArray) none = _dc_collection_store_apply_response (fixture->store, request,
                                                                     ok, &error);
    g_assert_no_error (error);
  }
  g_clear_pointer (&request, dc_sync_request_free);
  g_assert_true (dc_collection_store_update (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM,
                                             kept, note, &error));
  fresh = dc_collection_store_add_card (fixture->store, COUNTER_FCA, NULL, NULL, NULL, 1, &error);
  request = _dc_collection_store_take_batch (fixture->store, 500, &error);
  g_assert_cmpuint (request->ops->len, ==, 2);
  /* One more edit of the same row while the request is out. */
  g_assert_true (dc_collection_store_adjust_quantity (fixture->store, kept, 1, &error));
  g_assert_cmpuint (dc_collection_store_get_pending_count (fixture->store), ==, 3);

  /* The edit meets a row deleted elsewhere; the new row breaks a rule. */
  tombstone = server_inventory_row (kept, SOL_RING, 1, NULL, 7, TRUE);
  {
    DcSyncResult *conflict = dc_sync_result_new (((DcSyncOp *) request->ops->pdata[0])->op_id,
                                                 DC_SYNC_STATUS_CONFLICT);
    DcSyncResult *rejected = dc_sync_result_new (((DcSyncOp *) request->ops->pdata[1])->op_id,
                                                 DC_SYNC_STATUS_REJECTED);

    conflict->row = json_object_ref (tombstone);
    conflict->error = json_object_ref (deleted);
    rejected->error = json_object_ref (envelope);
    g_ptr_array_add (response->results, conflict);
    g_ptr_array_add (response->results, rejected);
  }
  response->cursor = 7;
  notices = _dc_collection_store_apply_response (fixture->store, request, response, &error);
  g_assert_no_error (error);

  /* Both are reported with the card's name, both rows are gone, and the later edit of the
   * deleted row is dropped with it rather than conflicting once more. */
  g_assert_cmpuint (notices->len, ==, 2);
  {
    DcSyncNotice *a = g_ptr_array_index (notices, 0);
    DcSyncNotice *b = g_ptr_array_index (notices, 1);

    g_assert_cmpint (a->status, ==, DC_SYNC_STATUS_CONFLICT);
    g_assert_cmpstr (a->id, ==, kept);
    g_assert_cmpstr (a->card_name, ==, "Sol Ring");
    g_assert_cmpstr (a->message, ==, "This item was deleted on another device");
    g_assert_cmpint (b->status, ==, DC_SYNC_STATUS_REJECTED);
    g_assert_cmpstr (b->card_name, ==, "Counterspell");
  }
  rows = dc_collection_store_list_inventory (fixture->store, &error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_cmpuint (dc_collection_store_get_pending_count (fixture->store), ==, 0);
}

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
model_has_items (GListModel *model,
                 guint       n)
{
  return g_list_model_get_n_items (model) == n;
}

static void
test_live_model (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(DcInventoryRow) row = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) ring = fields_of ("{\"card_id\":\"" SOL_RING "\"}");
  GListModel *model;
  guint notified = 0;
  gboolean totals_changed = FALSE;

  first = dc_collection_store_add_card (fixture->store, BOLT_FCA, NULL, NULL, NULL, 1, &error);
  model = dc_collection_store_get_inventory_model (fixture->store);
  while (!model_has_items (model, 1))
    g_main_context_iteration (NULL, TRUE);

  /* An edit updates the very row object a view holds, and the totals follow. */
  row = g_list_model_get_item (model, 0);
  g_signal_connect (row, "notify::quantity", G_CALLBACK (notify_count_cb), &notified);
  g_signal_connect (fixture->store, "totals-changed", G_CALLBACK (flag_cb), &totals_changed);
  dc_collection_store_adjust_quantity_async (fixture->store, first, 3, NULL,
                                             dc_sync_test_result_cb, &result);
  dc_sync_test_wait_result (&result);
  g_assert_true (dc_collection_store_edit_finish (fixture->store, result, &error));
  g_assert_no_error (error);
  while (notified == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 4);
  while (!totals_changed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (dc_collection_store_get_totals (fixture->store)->cards, ==, 4);

  /* A new row is added after it; a deleted one leaves. */
  g_clear_object (&result);
  dc_collection_store_create_async (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM, ring, NULL,
                                    dc_sync_test_result_cb, &result);
  dc_sync_test_wait_result (&result);
  second = dc_collection_store_create_finish (fixture->store, result, &error);
  g_assert_no_error (error);
  while (!model_has_items (model, 2))
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(DcInventoryRow) first_row = g_list_model_get_item (model, 0);
    g_autoptr(DcInventoryRow) second_row = g_list_model_get_item (model, 1);

    g_assert_true (first_row == row);
    g_assert_cmpstr (dc_inventory_row_get_id (second_row), ==, second);
  }
  g_assert_true (dc_collection_store_delete (fixture->store, DC_SYNC_ENTITY_INVENTORY_ITEM,
                                             first, &error));
  while (!model_has_items (model, 1))
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(DcInventoryRow) left = g_list_model_get_item (model, 0);

    g_assert_cmpstr (dc_inventory_row_get_id (left), ==, second);
  }
}

static void
test_async_edits_keep_their_order (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autoptr(DcInventoryRow) row = NULL;
  GAsyncResult *results[20] = { NULL, };

  id = dc_collection_store_add_card (fixture->store, BOLT_FCA, NULL, NULL, NULL, 1, &error);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      if (i % 2 == 0)
        dc_collection_store_adjust_quantity_async (fixture->store, id, 2, NULL,
                                                   dc_sync_test_result_cb, &results[i]);
      else
        dc_collection_store_adjust_quantity_async (fixture->store, id, -1, NULL,
                                                   dc_sync_test_result_cb, &results[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      dc_sync_test_wait_result (&results[i]);
      /* +2 −1 +2 −1 …: never below 1 on the way, whatever the threads do. */
      g_assert_true (dc_collection_store_edit_finish (fixture->store, results[i], &error));
      g_assert_no_error (error);
      g_object_unref (results[i]);
    }
  row = inventory_row (fixture->store, id);
  g_assert_cmpint (dc_inventory_row_get_quantity (row), ==, 11);
}

static void
test_device_id_is_kept (void)
{
  g_autofree char *path = dc_sync_test_make_db (tmp_dir, "device");
  g_autoptr(DcCollectionStore) first = dc_sync_test_open_store (path);
  g_autofree char *device = g_strdup (dc_collection_store_get_device_id (first));
  g_autoptr(DcCollectionStore) again = NULL;
  g_autofree char *other_path = dc_sync_test_make_db (tmp_dir, "device-2");
  g_autoptr(DcCollectionStore) other = dc_sync_test_open_store (other_path);

  g_assert_true (g_uuid_string_is_valid (device));
  g_clear_object (&first);
  again = dc_sync_test_open_store (path);
  g_assert_cmpstr (dc_collection_store_get_device_id (again), ==, device);
  g_assert_cmpstr (dc_collection_store_get_device_id (other), !=, device);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("dc-collection-store-XXXXXX", &error);
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add ("/Dc/CollectionStore/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("add-card-shows-at-once", test_add_card_shows_at_once);
  ADD ("edits-and-pending-count", test_edits_and_pending_count);
  ADD ("rules", test_rules);
  ADD ("have-follows-its-inventory", test_have_follows_its_inventory);
  ADD ("want-list", test_want_list);
  ADD ("totals", test_totals);
  ADD ("server-change-under-pending-edit", test_server_change_under_pending_edit);
  ADD ("rejected-and-conflict-answers", test_rejected_and_conflict_answers);
  ADD ("live-model", test_live_model);
  ADD ("async-edits-keep-their-order", test_async_edits_keep_their_order);
#undef ADD
  g_test_add_func ("/Dc/CollectionStore/device-id-is-kept", test_device_id_is_kept);

  ret = g_test_run ();
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (tmp_dir, name, NULL);
        g_unlink (child);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return ret;
}
