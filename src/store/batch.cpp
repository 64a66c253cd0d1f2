#include "store/batch.h"

#include <algorithm>

#include "core/error.h"
#include "store/codec.h"

namespace ss::store {
namespace {

enum class Section : uint8_t {
  kDictAdd = 1,
  kEventColumn = 2,
  kCatalogueUpsert = 3,
  kCatalogueRemove = 4,
  kUserAttrs = 5,
  kDeleteUser = 6,
  kEventRows = 7,
};

// Column order of the event table in the log. Delta-coded: user and time.
enum Col { kUser, kItem, kTs, kType, kSession, kQuery, kCategory, kRef, kContext, kQuantity, kPrice, kValue };

void put_section(ByteWriter& w, Section type, uint8_t sub, std::string_view raw, int level) {
  const std::string packed = zstd_compress(raw, level);
  w.put<uint8_t>(static_cast<uint8_t>(type));
  w.put<uint8_t>(sub);
  w.put<uint64_t>(raw.size());
  w.put<uint64_t>(packed.size());
  w.put_bytes(packed.data(), packed.size());
}

std::string unpack(std::string_view packed, uint64_t raw_size) {
  std::string raw(raw_size, '\0');
  zstd_decompress(packed, raw.data(), raw_size);
  return raw;
}

std::vector<uint32_t> float_bits(const std::vector<float>& v) {
  std::vector<uint32_t> bits(v.size());
  std::memcpy(bits.data(), v.data(), v.size() * sizeof(float));
  return bits;
}

void encode_item(ByteWriter& w, const CatalogueItem& it) {
  w.put<uint32_t>(it.item);
  w.put_string(it.title);
  w.put_string(it.description);
  w.put_string(it.category_path);
  w.put<uint32_t>(it.category);
  w.put<uint32_t>(it.brand);
  w.put<float>(it.price);
  w.put<uint32_t>(static_cast<uint32_t>(it.attributes.size()));
  for (const auto& [k, v] : it.attributes) {
    w.put_string(k);
    w.put_string(v);
  }
  w.put<int64_t>(it.created_ms);
  w.put<uint8_t>(it.in_stock ? 1 : 0);
}

CatalogueItem decode_item(ByteReader& r) {
  CatalogueItem it;
  it.item = r.get<uint32_t>();
  it.title = r.get_string();
  it.description = r.get_string();
  it.category_path = r.get_string();
  it.category = r.get<uint32_t>();
  it.brand = r.get<uint32_t>();
  it.price = r.get<float>();
  const auto n = r.get<uint32_t>();
  for (uint32_t i = 0; i < n; ++i) {
    std::string k = r.get_string();
    it.attributes.emplace_back(std::move(k), r.get_string());
  }
  it.created_ms = r.get<int64_t>();
  it.in_stock = r.get<uint8_t>() != 0;
  return it;
}

void put_ids(ByteWriter& w, Section s, const std::vector<uint32_t>& ids, int level) {
  ByteWriter raw;
  for (uint32_t id : ids) raw.put<uint32_t>(id);
  put_section(w, s, 0, raw.buffer(), level);
}

}  // namespace

void StoreState::set_user_attributes(UserAttributes attrs) {
  auto [it, inserted] = user_slot.try_emplace(attrs.user, users.size());
  if (inserted) users.push_back(std::move(attrs));
  else users[it->second] = std::move(attrs);
}

void StoreState::delete_user(uint32_t user) {
  if (user >= dicts.users.size()) return;
  if (deleted.size() <= user) deleted.resize(user + 1, false);
  deleted[user] = true;
  dicts.users.rename(user, "deleted:" + std::to_string(user));
  if (auto it = user_slot.find(user); it != user_slot.end()) {
    const size_t slot = it->second;
    user_slot.erase(it);
    if (slot + 1 != users.size()) {
      users[slot] = std::move(users.back());
      user_slot[users[slot].user] = slot;
    }
    users.pop_back();
  }
}

std::string encode_batch(Dictionaries& dicts, const BatchContents& c) {
  ByteWriter w;
  const int level = c.zstd_level;
  uint8_t dict_index = 0;
  dicts.for_each([&](const char*, Dictionary& d) {
    const size_t first = c.all_dictionary_entries ? 0 : d.committed();
    if (first < d.size()) {
      ByteWriter raw;
      raw.put<uint32_t>(static_cast<uint32_t>(first));
      raw.put<uint32_t>(static_cast<uint32_t>(d.size() - first));
      for (size_t i = first; i < d.size(); ++i) raw.put<uint32_t>(static_cast<uint32_t>(d.name(i).size()));
      for (size_t i = first; i < d.size(); ++i) raw.put_bytes(d.name(i).data(), d.name(i).size());
      put_section(w, Section::kDictAdd, dict_index, raw.buffer(), level);
    }
    ++dict_index;
  });
  if (c.events && !c.events->empty()) {
    const EventTable& e = *c.events;
    ByteWriter rows;
    rows.put<uint64_t>(e.size());
    put_section(w, Section::kEventRows, 0, rows.buffer(), level);
    auto col = [&](Col k, const std::string& bytes) { put_section(w, Section::kEventColumn, k, bytes, level); };
    auto opt_u32 = [&](Col k, const std::vector<uint32_t>& v) {
      if (!v.empty()) col(k, encode_int_column(v, false));
    };
    auto opt_f32 = [&](Col k, const std::vector<float>& v) {
      if (!v.empty()) col(k, encode_int_column(float_bits(v), false));
    };
    col(kUser, encode_int_column(e.user, true));
    col(kItem, encode_int_column(e.item, false));
    col(kTs, encode_int_column(e.ts_ms, true));
    std::vector<uint8_t> types(e.size());
    for (size_t i = 0; i < e.size(); ++i) types[i] = static_cast<uint8_t>(e.type[i]);
    col(kType, encode_int_column(types, false));
    if (!e.session.empty()) col(kSession, encode_int_column(e.session, true));
    opt_u32(kQuery, e.query);
    opt_u32(kCategory, e.category);
    opt_u32(kRef, e.ref);
    opt_u32(kContext, e.context);
    opt_f32(kQuantity, e.quantity);
    opt_f32(kPrice, e.price);
    opt_f32(kValue, e.value);
  }
  if (c.items && !c.items->empty()) {
    ByteWriter raw;
    raw.put<uint32_t>(static_cast<uint32_t>(c.items->size()));
    for (const auto& it : *c.items) encode_item(raw, it);
    put_section(w, Section::kCatalogueUpsert, 0, raw.buffer(), level);
  }
  if (!c.removed_items.empty()) put_ids(w, Section::kCatalogueRemove, c.removed_items, level);
  if (c.users && !c.users->empty()) {
    ByteWriter raw;
    raw.put<uint32_t>(static_cast<uint32_t>(c.users->size()));
    for (const auto& u : *c.users) {
      raw.put<uint32_t>(u.user);
      raw.put<uint32_t>(static_cast<uint32_t>(u.attributes.size()));
      for (const auto& [k, v] : u.attributes) {
        raw.put_string(k);
        raw.put_string(v);
      }
    }
    put_section(w, Section::kUserAttrs, 0, raw.buffer(), level);
  }
  if (!c.deleted_users.empty()) put_ids(w, Section::kDeleteUser, c.deleted_users, level);
  return std::move(w.buffer());
}

void replay_batch(std::string_view payload, StoreState& st, bool dictionaries_applied) {
  ByteReader r(payload);
  EventBatchRef events;
  bool has_events = false;
  while (!r.done()) {
    const auto type = static_cast<Section>(r.get<uint8_t>());
    const auto sub = r.get<uint8_t>();
    const auto raw_size = r.get<uint64_t>();
    const auto packed_size = r.get<uint64_t>();
    const std::string_view packed = r.get_bytes(packed_size);
    switch (type) {
      case Section::kDictAdd: {
        const std::string raw = unpack(packed, raw_size);
        ByteReader d(raw);
        const auto first = d.get<uint32_t>(), count = d.get<uint32_t>();
        Dictionary* dict = nullptr;
        uint8_t i = 0;
        st.dicts.for_each([&](const char*, Dictionary& x) { if (i++ == sub) dict = &x; });
        if (!dict) throw Error("unknown dictionary in store", ErrorCode::kCorrupt);
        if (dictionaries_applied) {
          if (first + count > dict->size()) throw Error("dictionary out of step with its log", ErrorCode::kInternal);
          break;
        }
        if (first != dict->size()) throw Error("dictionary entries out of order in store", ErrorCode::kCorrupt);
        std::vector<uint32_t> lengths(count);
        size_t total = 0;
        for (auto& len : lengths) total += (len = d.get<uint32_t>());
        auto blob = std::make_unique<char[]>(std::max<size_t>(total, 1));
        const auto bytes = d.get_bytes(total);
        std::memcpy(blob.get(), bytes.data(), total);
        dict->append_bulk(std::move(blob), lengths);
        dict->mark_committed();
        break;
      }
      case Section::kEventRows: {
        const std::string raw = unpack(packed, raw_size);
        events.rows = ByteReader(raw).get<uint64_t>();
        has_events = true;
        break;
      }
      case Section::kEventColumn:
        if (sub >= kNumEventColumns) throw Error("unknown event column in store", ErrorCode::kCorrupt);
        events.data[sub] = packed;
        events.raw_size[sub] = raw_size;
        break;
      case Section::kCatalogueUpsert: {
        const std::string raw = unpack(packed, raw_size);
        ByteReader d(raw);
        const auto n = d.get<uint32_t>();
        for (uint32_t i = 0; i < n; ++i) st.catalogue.upsert(decode_item(d));
        break;
      }
      case Section::kCatalogueRemove: {
        const std::string raw = unpack(packed, raw_size);
        ByteReader d(raw);
        while (!d.done()) st.catalogue.remove(d.get<uint32_t>());
        break;
      }
      case Section::kUserAttrs: {
        const std::string raw = unpack(packed, raw_size);
        ByteReader d(raw);
        const auto n = d.get<uint32_t>();
        for (uint32_t i = 0; i < n; ++i) {
          UserAttributes u;
          u.user = d.get<uint32_t>();
          const auto m = d.get<uint32_t>();
          for (uint32_t j = 0; j < m; ++j) {
            std::string k = d.get_string();
            u.attributes.emplace_back(std::move(k), d.get_string());
          }
          st.set_user_attributes(std::move(u));
        }
        break;
      }
      case Section::kDeleteUser: {
        const std::string raw = unpack(packed, raw_size);
        ByteReader d(raw);
        while (!d.done()) st.delete_user(d.get<uint32_t>());
        break;
      }
      default:
        throw Error("unknown section type in store (written by a newer version?)", ErrorCode::kCorrupt);
    }
  }
  if (has_events && events.rows > 0) {
    if (events.data[kUser].empty() || events.data[kItem].empty() || events.data[kTs].empty() ||
        events.data[kType].empty())
      throw Error("event batch without its required columns in store", ErrorCode::kCorrupt);
    st.events += events.rows;
    st.batches.push_back(events);
  }
}

void decode_events(const EventBatchRef& ref, EventTable& out, size_t offset) {
  const size_t n = ref.rows;
  auto raw = [&](int k) { return unpack(ref.data[k], ref.raw_size[k]); };
  decode_int_column(raw(kUser), true, out.user.data() + offset, n);
  decode_int_column(raw(kItem), false, out.item.data() + offset, n);
  decode_int_column(raw(kTs), true, out.ts_ms.data() + offset, n);
  decode_int_column(raw(kType), false, reinterpret_cast<uint8_t*>(out.type.data()) + offset, n);
  auto opt_u32 = [&](int k, std::vector<uint32_t>& col, bool delta) {
    if (col.empty()) return;
    if (ref.data[k].empty()) std::fill_n(col.data() + offset, n, kNone);
    else decode_int_column(raw(k), delta, col.data() + offset, n);
  };
  auto opt_f32 = [&](int k, std::vector<float>& col) {
    if (col.empty()) return;
    if (ref.data[k].empty()) std::fill_n(col.data() + offset, n, kNoValue);
    else decode_int_column(raw(k), false, reinterpret_cast<uint32_t*>(col.data() + offset), n);
  };
  opt_u32(kSession, out.session, true);
  opt_u32(kQuery, out.query, false);
  opt_u32(kCategory, out.category, false);
  opt_u32(kRef, out.ref, false);
  opt_u32(kContext, out.context, false);
  opt_f32(kQuantity, out.quantity);
  opt_f32(kPrice, out.price);
  opt_f32(kValue, out.value);
}

}  // namespace ss::store
