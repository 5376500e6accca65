// A voucher: its transactions (#TRANS, #RTRANS, #BTRANS) read into views, the block that
// closes it, the views kept valid while lines are read, and the copy into an owned
// Voucher that Next(Item*) hands out.

#include <algorithm>
#include <cstring>
#include <ranges>
#include <utility>

#include "reader_impl.h"
#include "tertial/base/strings.h"

namespace tertial::sie {

void Reader::Impl::HandleTransaction(Label label) {
  const Args a{&splitter_.fields()};
  descriptive_ = false;
  if (used_ >= options_.max_voucher_transactions) {
    if (used_ == options_.max_voucher_transactions) {
      Error(header_.line, "#VER",
            StrCat("the voucher has more than ", options_.max_voucher_transactions,
                   " transactions; refused"));
      ++used_;
    }
    voucher_bad_ = true;
    return;
  }
  // A voucher with an error is dropped, but its other transactions are still checked so
  // that one pass reports every error.
  if (used_ == slots_.size()) slots_.emplace_back();
  TransactionView& t = slots_[used_];
  t.kind = KindOf(label);
  t.line = line_;
  t.repeats_rtrans = false;
  const Field* f = CodeField(a, 1, "kontonr");
  if (f == nullptr) {
    voucher_bad_ = true;
    return;
  }
  t.account = Kept(*f);
  // The object list: required by the specification, left out by some programs.
  size_t i = 2;
  f = a.at(i);
  if (f != nullptr && f->is_list) {
    if (!Objects(*f, &t.objects)) {
      voucher_bad_ = true;
      return;
    }
    ++i;
  } else {
    t.objects = {};
  }
  if (!Require(a, i, "belopp", &f) || !Amount(*f, "belopp", &t.amount_ore)) {
    voucher_bad_ = true;
    return;
  }
  if (a.has(i + 1)) {
    f = a.at(i + 1);
    Date date;
    if (f->is_list || !DateAt(*f, "transdat", &date)) {
      if (f->is_list) Require(a, i + 1, "transdat", &f);
      voucher_bad_ = true;
      return;
    }
    t.date.emplace(date);
  } else {
    t.date.reset();
  }
  const Field* quantity;
  if (!OptionalKept(a, i + 2, "transtext", &t.text) || !QuantityField(a, i + 3, &quantity)) {
    voucher_bad_ = true;
    return;
  }
  t.quantity = quantity != nullptr ? Kept(*quantity) : std::string_view();
  if (!OptionalKept(a, i + 4, "sign", &t.signature)) {
    voucher_bad_ = true;
    return;
  }
  if (i == 2) {
    Warning(line_, label_text_,
            "no object list {}; read the amount from the field after the account");
  }
  EndTransaction(t);
}

void Reader::Impl::EndTransaction(TransactionView& t) {
  // SIE 4B, #RTRANS note 4-6: an #RTRANS is followed by a #TRANS copy of itself for readers
  // that do not know #RTRANS; that copy must not count twice.
  if (pending_rtrans_ >= 0) {
    const TransactionView& r = slots_[static_cast<size_t>(pending_rtrans_)];
    if (t.kind == TransactionKind::kTrans && t.account == r.account &&
        std::ranges::equal(t.objects, r.objects) && t.amount_ore == r.amount_ore) {
      t.repeats_rtrans = true;
    } else {
      Warning(line_, label_text_,
              StrCat("the #RTRANS on line ", r.line,
                     " is not followed by its #TRANS copy; this record counts on its own"));
    }
  }
  pending_rtrans_ = t.kind == TransactionKind::kRtrans ? static_cast<int>(used_) : -1;
  ++used_;
}

bool Reader::Impl::CloseBlock() {
  state_ = State::kTop;
  if (pending_rtrans_ >= 0) {
    Warning(slots_[static_cast<size_t>(pending_rtrans_)].line, "#RTRANS",
            "the #RTRANS is not followed by its #TRANS copy (it ends the block)");
  }
  if (voucher_bad_) return false;
  if (used_ == 0) Warning(header_.line, "#VER", "the voucher has no transactions");
  return true;
}

template <typename Fn>
void Reader::Impl::ForEachView(Fn fn) {
  fn(header_.series);
  fn(header_.number);
  fn(header_.text);
  fn(header_.signature);
  for (size_t i = 0; i < used_ && i < slots_.size(); ++i) {
    TransactionView& t = slots_[i];
    fn(t.account);
    fn(t.text);
    fn(t.quantity);
    fn(t.signature);
    // The object lists are the arena's (writable) memory; only their ids may be views.
    for (const ObjectRefView& object : t.objects) fn(const_cast<ObjectRefView&>(object).object_id);
  }
}

void Reader::Impl::RebaseViews(size_t shift) {
  ForEachView([&](std::string_view& view) {
    if (!view.empty() && lines_.Holds(view.data())) view = {view.data() - shift, view.size()};
  });
}

void Reader::Impl::SpillViews() {
  ForEachView([&](std::string_view& view) {
    if (!view.empty() && lines_.Holds(view.data())) view = arena_.Copy(view);
  });
  lines_.RetainNext();
}

namespace {

// Copies `from` into `to`, keeping to's buffer. Most optional fields are empty, and
// clear() is inline where assign() is a call into the library.
inline void CopyText(std::string_view from, std::string* to) {
  if (from.empty()) {
    to->clear();
  } else {
    to->assign(from);
  }
}

// The same for views into the reader's own buffers, which are followed by 15 readable bytes:
// a short string that is not longer than what `to` holds (an account, an object id of the
// same length) is copied as 16 bytes and cut, inline. (A string's buffer holds at least 16.)
inline void CopyReaderText(std::string_view from, std::string* to) {
  if (!from.empty() && from.size() <= to->size() && from.size() <= 15) {
    std::memcpy(to->data(), from.data(), 16);
    to->resize(from.size());
    return;
  }
  CopyText(from, to);
}

// `padded`: the views are the reader's (see CopyReaderText).
template <bool padded>
void CopyTransaction(const TransactionView& from, Transaction* to) {
  const auto copy = [](std::string_view text, std::string* out) {
    if constexpr (padded) {
      CopyReaderText(text, out);
    } else {
      CopyText(text, out);
    }
  };
  to->kind = from.kind;
  copy(from.account, &to->account);
  if (to->objects.size() != from.objects.size()) to->objects.resize(from.objects.size());
  for (size_t k = 0; k < from.objects.size(); ++k) {
    to->objects[k].dimension = from.objects[k].dimension;
    copy(from.objects[k].object_id, &to->objects[k].object_id);
  }
  to->amount_ore = from.amount_ore;
  to->date = from.date;
  copy(from.text, &to->text);
  copy(from.quantity, &to->quantity);
  copy(from.signature, &to->signature);
  to->line = from.line;
  to->repeats_rtrans = from.repeats_rtrans;
}

void CopyHeader(const VoucherView& from, Voucher* to) {
  to->series.assign(from.series);
  to->number.assign(from.number);
  to->date = from.date;
  CopyText(from.text, &to->text);
  to->registered = from.registered;
  CopyText(from.signature, &to->signature);
  to->line = from.line;
}

}  // namespace

void Reader::Impl::TakeVoucher(Item* item) {
  Voucher* out = std::get_if<Voucher>(item);
  if (out == nullptr) {
    out = &item->emplace<Voucher>(have_spare_voucher_ ? std::move(spare_voucher_) : Voucher());
    have_spare_voucher_ = false;
  }
  CopyHeader(header_, out);
  // The caller's transactions are overwritten in place; slots beyond this voucher go to the
  // pool with their buffers, and come back from it when a longer voucher needs them.
  std::vector<Transaction>& ts = out->transactions;
  while (ts.size() > used_) {
    if (spare_.size() < kMaxSpareTransactions) spare_.push_back(std::move(ts.back()));
    ts.pop_back();
  }
  while (ts.size() < used_) {
    if (!spare_.empty()) {
      ts.push_back(std::move(spare_.back()));
      spare_.pop_back();
    } else {
      ts.emplace_back();
    }
  }
  for (size_t i = 0; i < used_; ++i) CopyTransaction<true>(slots_[i], &ts[i]);
}

void CopyVoucher(const VoucherView& view, Voucher* out) {
  CopyHeader(view, out);
  out->transactions.resize(view.transactions.size());
  for (size_t i = 0; i < view.transactions.size(); ++i) {
    CopyTransaction<false>(view.transactions[i], &out->transactions[i]);
  }
}

}  // namespace tertial::sie
