package io.eventkit.node.inventory;

import static io.eventkit.node.inventory.InventoryProtos.asset;
import static io.eventkit.node.inventory.InventoryProtos.caseOf;
import static io.eventkit.node.inventory.InventoryProtos.interval;
import static io.eventkit.node.inventory.InventoryProtos.page;
import static io.eventkit.node.inventory.InventoryProtos.pageResponse;
import static io.eventkit.node.inventory.InventoryProtos.product;

import io.eventkit.node.kernel.DomainException;
import io.eventkit.node.kernel.Ids;
import io.eventkit.node.kernel.PageSpec;
import io.eventkit.proto.v1.AddToCaseRequest;
import io.eventkit.proto.v1.AdjustStockRequest;
import io.eventkit.proto.v1.AdjustStockResponse;
import io.eventkit.proto.v1.Asset;
import io.eventkit.proto.v1.AvailabilityInterval;
import io.eventkit.proto.v1.AvailabilityTimeline;
import io.eventkit.proto.v1.Category;
import io.eventkit.proto.v1.CategoryDay;
import io.eventkit.proto.v1.CategoryTimeline;
import io.eventkit.proto.v1.CreateAssetRequest;
import io.eventkit.proto.v1.CreateCaseRequest;
import io.eventkit.proto.v1.CreateLocationRequest;
import io.eventkit.proto.v1.CreateProductRequest;
import io.eventkit.proto.v1.DeleteCaseRequest;
import io.eventkit.proto.v1.DeleteCaseResponse;
import io.eventkit.proto.v1.DeleteLocationRequest;
import io.eventkit.proto.v1.DeleteLocationResponse;
import io.eventkit.proto.v1.DeleteProductRequest;
import io.eventkit.proto.v1.DeleteProductResponse;
import io.eventkit.proto.v1.GetAssetRequest;
import io.eventkit.proto.v1.GetAvailabilityRequest;
import io.eventkit.proto.v1.GetAvailabilityTimelineRequest;
import io.eventkit.proto.v1.GetCaseRequest;
import io.eventkit.proto.v1.GetCategoryTimelineRequest;
import io.eventkit.proto.v1.GetLocationRequest;
import io.eventkit.proto.v1.GetProductRequest;
import io.eventkit.proto.v1.GetStockLevelsRequest;
import io.eventkit.proto.v1.GetStockLevelsResponse;
import io.eventkit.proto.v1.InventoryServiceGrpc;
import io.eventkit.proto.v1.ListAssetsRequest;
import io.eventkit.proto.v1.ListAssetsResponse;
import io.eventkit.proto.v1.ListCasesRequest;
import io.eventkit.proto.v1.ListCasesResponse;
import io.eventkit.proto.v1.ListCategoriesRequest;
import io.eventkit.proto.v1.ListCategoriesResponse;
import io.eventkit.proto.v1.ListLocationsRequest;
import io.eventkit.proto.v1.ListLocationsResponse;
import io.eventkit.proto.v1.ListProductsRequest;
import io.eventkit.proto.v1.ListProductsResponse;
import io.eventkit.proto.v1.ListStockAdjustmentsRequest;
import io.eventkit.proto.v1.ListStockAdjustmentsResponse;
import io.eventkit.proto.v1.LocationKind;
import io.eventkit.proto.v1.PageResponse;
import io.eventkit.proto.v1.Product;
import io.eventkit.proto.v1.RemoveFromCaseRequest;
import io.eventkit.proto.v1.ResolveBarcodeRequest;
import io.eventkit.proto.v1.ResolveBarcodeResponse;
import io.eventkit.proto.v1.SearchHit;
import io.eventkit.proto.v1.SearchRequest;
import io.eventkit.proto.v1.SearchResponse;
import io.eventkit.proto.v1.StockLevel;
import io.eventkit.proto.v1.TransferStockRequest;
import io.eventkit.proto.v1.TransferStockResponse;
import io.eventkit.proto.v1.UpdateAssetRequest;
import io.eventkit.proto.v1.UpdateCaseRequest;
import io.eventkit.proto.v1.UpdateLocationRequest;
import io.eventkit.proto.v1.UpdateProductRequest;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.function.Supplier;

/** gRPC adapter for {@code eventkit.v1.InventoryService}: proto in, domain call, proto out. */
final class InventoryGrpcService extends InventoryServiceGrpc.InventoryServiceImplBase {
  private final String nodeId;
  private final Locations locations;
  private final Catalog catalog;
  private final Assets assets;
  private final Stock stock;
  private final Cases cases;
  private final Search search;
  private final Availability availability;

  InventoryGrpcService(
      String nodeId,
      Locations locations,
      Catalog catalog,
      Assets assets,
      Stock stock,
      Cases cases,
      Search search,
      Availability availability) {
    this.nodeId = nodeId;
    this.locations = locations;
    this.catalog = catalog;
    this.assets = assets;
    this.stock = stock;
    this.cases = cases;
    this.search = search;
    this.availability = availability;
  }

  private static <T> void reply(StreamObserver<T> out, Supplier<T> body) {
    out.onNext(body.get());
    out.onCompleted();
  }

  /** One page of a listing: its items as protos, and the token of the next page. */
  private static <T, P, R> void replyPage(
      StreamObserver<R> out,
      Supplier<PageSpec.Page<T>> list,
      java.util.function.Function<T, P> toProto,
      java.util.function.BiFunction<List<P>, PageResponse, R> response) {
    reply(
        out,
        () -> {
          PageSpec.Page<T> p = list.get();
          return response.apply(
              p.items().stream().map(toProto).toList(), pageResponse(p.nextToken()));
        });
  }

  private static <T> void write(StreamObserver<T> out, Supplier<T> body) {
    reply(out, body);
  }

  // ---- locations ----

  @Override
  public void createLocation(
      CreateLocationRequest r, StreamObserver<io.eventkit.proto.v1.Location> out) {
    write(
        out,
        () ->
            InventoryProtos.location(
                locations.create(
                    new Locations.NewLocation(
                        r.getKind() == LocationKind.LOCATION_KIND_BIN
                            ? Location.Kind.BIN
                            : Location.Kind.WAREHOUSE,
                        r.getCode(),
                        r.getName(),
                        Ids.optional(r.getParentId(), "parent_id"),
                        r.getAddress()))));
  }

  @Override
  public void listLocations(ListLocationsRequest r, StreamObserver<ListLocationsResponse> out) {
    replyPage(
        out,
        () -> locations.list(r.getQuery(), page(r.getPage(), 2)),
        InventoryProtos::location,
        (items, page) ->
            ListLocationsResponse.newBuilder().addAllLocations(items).setPage(page).build());
  }

  @Override
  public void getLocation(GetLocationRequest r, StreamObserver<io.eventkit.proto.v1.Location> out) {
    reply(out, () -> InventoryProtos.location(locations.get(Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void updateLocation(
      UpdateLocationRequest r, StreamObserver<io.eventkit.proto.v1.Location> out) {
    write(
        out,
        () ->
            InventoryProtos.location(
                locations.update(
                    Ids.parse(r.getId(), "id"), r.getCode(), r.getName(), r.getAddress())));
  }

  @Override
  public void deleteLocation(DeleteLocationRequest r, StreamObserver<DeleteLocationResponse> out) {
    write(
        out,
        () -> {
          locations.delete(Ids.parse(r.getId(), "id"));
          return DeleteLocationResponse.getDefaultInstance();
        });
  }

  // ---- products ----

  @Override
  public void createProduct(CreateProductRequest r, StreamObserver<Product> out) {
    write(out, () -> product(catalog.create(InventoryProtos.fields(r.getProduct()))));
  }

  @Override
  public void getProduct(GetProductRequest r, StreamObserver<Product> out) {
    reply(out, () -> product(catalog.get(Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void updateProduct(UpdateProductRequest r, StreamObserver<Product> out) {
    write(
        out,
        () ->
            product(
                catalog.update(
                    Ids.parse(r.getId(), "id"), InventoryProtos.fields(r.getProduct()))));
  }

  @Override
  public void deleteProduct(DeleteProductRequest r, StreamObserver<DeleteProductResponse> out) {
    write(
        out,
        () -> {
          catalog.delete(Ids.parse(r.getId(), "id"));
          return DeleteProductResponse.getDefaultInstance();
        });
  }

  @Override
  public void listProducts(ListProductsRequest r, StreamObserver<ListProductsResponse> out) {
    replyPage(
        out,
        () -> catalog.list(r.getCategory(), page(r.getPage(), 2)),
        InventoryProtos::product,
        (items, page) ->
            ListProductsResponse.newBuilder().addAllProducts(items).setPage(page).build());
  }

  @Override
  public void listCategories(ListCategoriesRequest r, StreamObserver<ListCategoriesResponse> out) {
    reply(
        out,
        () -> {
          ListCategoriesResponse.Builder b = ListCategoriesResponse.newBuilder();
          for (ProductDao.CategoryCount c : catalog.categories()) {
            b.addCategories(
                Category.newBuilder().setName(c.name()).setProductCount(c.productCount()));
          }
          return b.build();
        });
  }

  // ---- assets ----

  @Override
  public void createAsset(CreateAssetRequest r, StreamObserver<Asset> out) {
    write(
        out,
        () ->
            asset(
                assets.create(
                    new Assets.NewAsset(
                        Ids.parse(r.getProductId(), "product_id"),
                        r.getBarcode(),
                        r.getSerial(),
                        Ids.parse(r.getHomeLocationId(), "home_location_id"),
                        InventoryProtos.assetStatus(r.getStatus()),
                        r.getNotes())),
                nodeId));
  }

  @Override
  public void getAsset(GetAssetRequest r, StreamObserver<Asset> out) {
    reply(out, () -> asset(assets.get(Ids.parse(r.getId(), "id")), nodeId));
  }

  @Override
  public void updateAsset(UpdateAssetRequest r, StreamObserver<Asset> out) {
    write(
        out,
        () ->
            asset(
                assets.update(
                    Ids.parse(r.getId(), "id"),
                    new Assets.Change(
                        InventoryProtos.assetStatus(r.getStatus()),
                        r.getNotes(),
                        r.hasSerial() ? r.getSerial() : null,
                        r.hasBarcode() ? r.getBarcode() : null,
                        r.hasHomeLocationId()
                            ? Ids.parse(r.getHomeLocationId(), "home_location_id")
                            : null)),
                nodeId));
  }

  @Override
  public void resolveBarcode(ResolveBarcodeRequest r, StreamObserver<ResolveBarcodeResponse> out) {
    reply(
        out,
        () -> {
          var a = assets.byBarcode(r.getBarcode());
          if (a.isPresent()) {
            return ResolveBarcodeResponse.newBuilder().setAsset(asset(a.get(), nodeId)).build();
          }
          return cases
              .byBarcode(r.getBarcode())
              .map(c -> ResolveBarcodeResponse.newBuilder().setCase(caseOf(c)).build())
              .orElseThrow(
                  () ->
                      DomainException.notFound(
                          "barcode " + r.getBarcode() + " is not an asset or case of this node"));
        });
  }

  @Override
  public void listAssets(ListAssetsRequest r, StreamObserver<ListAssetsResponse> out) {
    replyPage(
        out,
        () ->
            assets.list(
                Ids.optional(r.getProductId(), "product_id"),
                Ids.optional(r.getLocationId(), "location_id"),
                InventoryProtos.assetStatus(r.getStatus()),
                page(r.getPage(), 2)),
        a -> asset(a, nodeId),
        (items, page) -> ListAssetsResponse.newBuilder().addAllAssets(items).setPage(page).build());
  }

  // ---- stock ----

  @Override
  public void adjustStock(AdjustStockRequest r, StreamObserver<AdjustStockResponse> out) {
    write(
        out,
        () ->
            AdjustStockResponse.newBuilder()
                .setAdjustment(
                    InventoryProtos.adjustment(
                        stock.adjust(
                            new Stock.NewAdjustment(
                                Ids.parse(r.getProductId(), "product_id"),
                                Ids.parse(r.getLocationId(), "location_id"),
                                r.getDelta(),
                                r.getReason(),
                                r.getNote()))))
                .build());
  }

  @Override
  public void getStockLevels(GetStockLevelsRequest r, StreamObserver<GetStockLevelsResponse> out) {
    reply(
        out,
        () -> {
          Stock.Levels l = stock.levels(Ids.parse(r.getProductId(), "product_id"));
          GetStockLevelsResponse.Builder b =
              GetStockLevelsResponse.newBuilder().setTotal(l.total());
          l.levels()
              .forEach(
                  x ->
                      b.addLevels(
                          StockLevel.newBuilder()
                              .setLocationId(x.locationId().toString())
                              .setQuantity(x.quantity())));
          return b.build();
        });
  }

  @Override
  public void listStockAdjustments(
      ListStockAdjustmentsRequest r, StreamObserver<ListStockAdjustmentsResponse> out) {
    replyPage(
        out,
        () -> stock.adjustments(Ids.parse(r.getProductId(), "product_id"), page(r.getPage(), 2)),
        InventoryProtos::adjustment,
        (items, page) ->
            ListStockAdjustmentsResponse.newBuilder()
                .addAllAdjustments(items)
                .setPage(page)
                .build());
  }

  @Override
  public void transferStock(TransferStockRequest r, StreamObserver<TransferStockResponse> out) {
    write(
        out,
        () ->
            TransferStockResponse.newBuilder()
                .setTransferId(
                    stock
                        .transfer(
                            Ids.parse(r.getFromLocationId(), "from_location_id"),
                            Ids.parse(r.getToLocationId(), "to_location_id"),
                            r.getAssetIdsList().stream()
                                .map(s -> Ids.parse(s, "asset_ids"))
                                .toList(),
                            r.getBulkList().stream()
                                .map(
                                    b ->
                                        new Stock.BulkMove(
                                            Ids.parse(b.getProductId(), "bulk.product_id"),
                                            b.getQuantity()))
                                .toList(),
                            r.getNote())
                        .toString())
                .build());
  }

  // ---- cases ----

  @Override
  public void createCase(CreateCaseRequest r, StreamObserver<io.eventkit.proto.v1.Case> out) {
    write(
        out,
        () ->
            caseOf(
                cases.create(
                    r.getBarcode(),
                    r.getName(),
                    caseKind(r.getKind()),
                    Ids.parse(r.getLocationId(), "location_id"),
                    new Case.Sizing(
                        r.getWeightGrams(),
                        new io.eventkit.node.inventory.Product.Dimensions(
                            r.getLengthMm(), r.getWidthMm(), r.getHeightMm())))));
  }

  @Override
  public void getCase(GetCaseRequest r, StreamObserver<io.eventkit.proto.v1.Case> out) {
    reply(out, () -> caseOf(cases.get(Ids.parse(r.getId(), "id"))));
  }

  @Override
  public void addToCase(AddToCaseRequest r, StreamObserver<io.eventkit.proto.v1.Case> out) {
    write(
        out,
        () -> {
          var id = Ids.parse(r.getCaseId(), "case_id");
          return caseOf(
              switch (r.getItemCase()) {
                case ASSET_ID -> cases.addAsset(id, Ids.parse(r.getAssetId(), "asset_id"));
                case BULK ->
                    cases.addBulk(
                        id,
                        Ids.parse(r.getBulk().getProductId(), "bulk.product_id"),
                        r.getBulk().getQuantity());
                case CHILD_CASE_ID ->
                    cases.addChild(id, Ids.parse(r.getChildCaseId(), "child_case_id"));
                default -> throw DomainException.invalid("item is required");
              });
        });
  }

  @Override
  public void removeFromCase(
      RemoveFromCaseRequest r, StreamObserver<io.eventkit.proto.v1.Case> out) {
    write(
        out,
        () -> {
          var id = Ids.parse(r.getCaseId(), "case_id");
          return caseOf(
              switch (r.getItemCase()) {
                case ASSET_ID -> cases.removeAsset(id, Ids.parse(r.getAssetId(), "asset_id"));
                case PRODUCT_ID -> cases.removeBulk(id, Ids.parse(r.getProductId(), "product_id"));
                case CHILD_CASE_ID ->
                    cases.removeChild(id, Ids.parse(r.getChildCaseId(), "child_case_id"));
                default -> throw DomainException.invalid("item is required");
              });
        });
  }

  @Override
  public void listCases(ListCasesRequest r, StreamObserver<ListCasesResponse> out) {
    replyPage(
        out,
        () -> cases.list(r.getQuery(), page(r.getPage(), 2)),
        InventoryProtos::caseOf,
        (items, page) -> ListCasesResponse.newBuilder().addAllCases(items).setPage(page).build());
  }

  @Override
  public void updateCase(UpdateCaseRequest r, StreamObserver<io.eventkit.proto.v1.Case> out) {
    write(
        out,
        () ->
            caseOf(
                cases.update(
                    Ids.parse(r.getId(), "id"),
                    r.getName(),
                    caseKind(r.getKind()),
                    Ids.parse(r.getLocationId(), "location_id"),
                    new Case.Sizing(
                        r.getWeightGrams(),
                        new io.eventkit.node.inventory.Product.Dimensions(
                            r.getLengthMm(), r.getWidthMm(), r.getHeightMm())))));
  }

  @Override
  public void deleteCase(DeleteCaseRequest r, StreamObserver<DeleteCaseResponse> out) {
    write(
        out,
        () -> {
          cases.delete(Ids.parse(r.getId(), "id"));
          return DeleteCaseResponse.getDefaultInstance();
        });
  }

  private static Case.Kind caseKind(io.eventkit.proto.v1.CaseKind k) {
    return switch (k) {
      case CASE_KIND_PERMANENT -> Case.Kind.PERMANENT;
      case CASE_KIND_TEMPORARY -> Case.Kind.TEMPORARY;
      default -> null;
    };
  }

  // ---- search and availability ----

  @Override
  public void search(SearchRequest r, StreamObserver<SearchResponse> out) {
    reply(
        out,
        () -> {
          var p = search.search(r.getQuery(), page(r.getPage(), 2));
          SearchResponse.Builder b =
              SearchResponse.newBuilder().setPage(pageResponse(p.nextToken()));
          for (Search.Hit h : p.items()) {
            SearchHit.Builder hit = SearchHit.newBuilder().setScore(h.score());
            if (h.product() != null) {
              hit.setProduct(product(h.product()));
            } else if (h.asset() != null) {
              hit.setAsset(asset(h.asset(), nodeId));
            } else {
              continue; // deleted between the two queries
            }
            b.addHits(hit);
          }
          return b.build();
        });
  }

  @Override
  public void getAvailability(
      GetAvailabilityRequest r, StreamObserver<io.eventkit.proto.v1.Availability> out) {
    reply(
        out,
        () -> {
          Availability.Summary s =
              availability.forProduct(
                  Ids.parse(r.getProductId(), "product_id"), interval(r.getPeriod(), "period"));
          return io.eventkit.proto.v1.Availability.newBuilder()
              .setProductId(s.productId().toString())
              .setPeriod(InventoryProtos.period(s.period()))
              .setOwned(s.owned())
              .setUnavailable(s.unavailable())
              .setTemporary(s.temporary())
              .setHeld(s.held())
              .setTentative(s.tentative())
              .setAvailable(s.available())
              .build();
        });
  }

  @Override
  public void getCategoryTimeline(
      GetCategoryTimelineRequest r, StreamObserver<CategoryTimeline> out) {
    reply(
        out,
        () -> {
          Availability.CategoryTimeline t =
              availability.categoryTimeline(
                  r.getCategory(),
                  interval(r.getPeriod(), "period"),
                  java.time.ZoneId.of(r.getTimeZone().isEmpty() ? "UTC" : r.getTimeZone()));
          CategoryTimeline.Builder b =
              CategoryTimeline.newBuilder().setCategory(t.category()).setProducts(t.products());
          for (Availability.CategoryDay d : t.days()) {
            b.addDays(
                CategoryDay.newBuilder()
                    .setPeriod(InventoryProtos.period(d.period()))
                    .setAvailable(d.available())
                    .setHeld(d.held())
                    .setTentative(d.tentative())
                    .setShortProducts(d.shortProducts()));
          }
          return b.build();
        });
  }

  @Override
  public void getAvailabilityTimeline(
      GetAvailabilityTimelineRequest r, StreamObserver<AvailabilityTimeline> out) {
    reply(
        out,
        () -> {
          List<Availability.Step> steps =
              availability.timeline(
                  Ids.parse(r.getProductId(), "product_id"), interval(r.getPeriod(), "period"));
          AvailabilityTimeline.Builder b =
              AvailabilityTimeline.newBuilder().setProductId(r.getProductId());
          for (Availability.Step s : steps) {
            b.addIntervals(
                AvailabilityInterval.newBuilder()
                    .setPeriod(InventoryProtos.period(s.period()))
                    .setAvailable(s.available())
                    .setHeld(s.held())
                    .setTentative(s.tentative())
                    .setTemporary(s.temporary()));
          }
          return b.build();
        });
  }
}
